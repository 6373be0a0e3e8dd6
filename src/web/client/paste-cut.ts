/** Pages whose only script need is the paste notes of their text boxes (the tracking page's answer and reopen boxes). */
import { initPasteCuts } from './_paste-cut';

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => initPasteCuts());
else initPasteCuts();
