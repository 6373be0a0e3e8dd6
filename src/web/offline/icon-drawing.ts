/**
 * The ITIMS app icon, drawn for it: a help-desk ticket with a check mark on the portal's blue
 * (#0b5394). The artwork stays inside the middle 80 % so a launcher's mask (the `maskable` icon)
 * never cuts it. Kept as text in the code so the bundled server (`npm run build`) carries it.
 */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#0b5394"/>
  <g transform="translate(256 256) rotate(-8) scale(1.06)">
    <path d="M-150 -96 h300 a14 14 0 0 1 14 14 v44 a38 38 0 0 0 0 76 v44 a14 14 0 0 1 -14 14 h-300 a14 14 0 0 1 -14 -14 v-44 a38 38 0 0 0 0 -76 v-44 a14 14 0 0 1 14 -14 z" fill="#ffffff"/>
    <line x1="62" y1="-72" x2="62" y2="72" stroke="#0b5394" stroke-width="6" stroke-dasharray="14 12"/>
    <path d="M-98 2 l38 38 l78 -84" fill="none" stroke="#1e8e3e" stroke-width="30" stroke-linecap="round" stroke-linejoin="round"/>
    <rect x="86" y="-40" width="48" height="14" rx="7" fill="#9fc2e4"/>
    <rect x="86" y="-7" width="48" height="14" rx="7" fill="#9fc2e4"/>
    <rect x="86" y="26" width="32" height="14" rx="7" fill="#9fc2e4"/>
  </g>
</svg>
`;
