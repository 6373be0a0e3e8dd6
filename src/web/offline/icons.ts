/**
 * The app's icons for the web app manifest, rendered with sharp from the one drawing
 * (`icon-drawing.ts`): 192 and 512 px with rounded corners (`any`), and a full-bleed
 * 512 px one for launchers that cut their own shape (`maskable`; the drawing keeps to the safe
 * zone). Rendered once per process on first use and kept in memory (~40 KB in all).
 */
import { createHash } from 'node:crypto';
import { ICON_SVG } from './icon-drawing';

export interface AppIcon {
  /** File name under `/assets/icons/`. */
  name: string;
  size: number;
  purpose: 'any' | 'maskable';
  png: Buffer;
  hash: string;
}

export const ICON_SPECS: { name: string; size: number; purpose: AppIcon['purpose'] }[] = [
  { name: 'icon-192.png', size: 192, purpose: 'any' },
  { name: 'icon-512.png', size: 512, purpose: 'any' },
  { name: 'icon-maskable-512.png', size: 512, purpose: 'maskable' },
];

/** The drawing, with rounded corners for the `any` icons (launchers mask the others). */
function drawing(purpose: AppIcon['purpose']): Buffer {
  const svg = ICON_SVG;
  return Buffer.from(purpose === 'any' ? svg.replace('<rect width="512" height="512"', '<rect width="512" height="512" rx="96"') : svg);
}

let rendered: Promise<AppIcon[]> | null = null;

/** The icons as PNG, rendered on first call. */
export function appIcons(): Promise<AppIcon[]> {
  rendered ??= (async () => {
    const { default: sharp } = await import('sharp');
    return Promise.all(
      ICON_SPECS.map(async (spec) => {
        const png = await sharp(drawing(spec.purpose), { density: 72 * (spec.size / 512) * 2 })
          .resize(spec.size, spec.size)
          .png({ compressionLevel: 9, palette: true })
          .toBuffer();
        return { ...spec, png, hash: createHash('sha256').update(png).digest('hex').slice(0, 10) };
      }),
    );
  })();
  return rendered;
}

/** A version of the drawing, known before the PNGs are rendered (for URLs). */
export const ICONS_VERSION = createHash('sha256').update(ICON_SVG).digest('hex').slice(0, 10);
