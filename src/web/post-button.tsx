/** One action on one thing as a button (retry, revoke, mark read, reset): a POST form with the CSRF field, no JavaScript needed. */
import { CsrfField, type StaffPageContext } from './staff-layout';

export function PostButton(props: {
  page: StaffPageContext;
  action: string;
  label: string;
  /** The button's name for a screen reader where the label alone does not say which thing it acts on. */
  ariaLabel?: string;
  class?: string;
  /** Hidden fields sent with the action. */
  fields?: Record<string, string>;
  /** The form's classes (no margin when it stands in a table cell or a heading row). */
  formClass?: string;
  /** The button's id, for a link or a test to find it. */
  id?: string;
}) {
  return (
    <form method="post" action={props.action} class={props.formClass}>
      <CsrfField page={props.page} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.class ?? 'btn btn-sm btn-outline-primary'} id={props.id} aria-label={props.ariaLabel}>
        {props.label}
      </button>
    </form>
  );
}
