/**
 * QR labels for an office's equipment, on A4 sticker sheets: 3 × 8 labels of 70 × 37 mm
 * (the common "24 etiquetas por hoja" sheet, edge to edge, 0.5 mm from the top). Each label
 * carries a QR code to `{PUBLIC_BASE_URL}/a/{code}` — scanning it opens the filing form with the
 * asset chosen —, the código patrimonial in large digits (for people who type it), the
 * description and the office. The QR is drawn as vector squares (crisp at any printer's
 * resolution, a few KB per page), from `qrcode`'s module matrix, with error correction M and the
 * 4-module quiet zone the standard asks for. Text uses pdfkit's built-in Helvetica.
 */
import QRCode from 'qrcode';
import type { Asset } from './assets.repository';
import { assetFilingPath } from './asset-code';

const MM = 72 / 25.4;
export const LABEL_SHEET = {
  columns: 3,
  rows: 8,
  width: 70 * MM,
  height: 37 * MM,
  top: 0.5 * MM,
  left: 0,
} as const;
const PADDING = 2.5 * MM;
const QUIET_ZONE = 4;

export interface LabelTexts {
  heading: string;
  scan: string;
  office: string;
}

type Doc = PDFKit.PDFDocument;

function drawQr(doc: Doc, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const module = size / (n + 2 * QUIET_ZONE);
  const data = qr.modules.data;
  doc.save().fillColor('#000000');
  for (let row = 0; row < n; row++) {
    // Runs of dark modules in a row become one rectangle: fewer path operations.
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && data[row * n + col];
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + (QUIET_ZONE + start) * module, y + (QUIET_ZONE + row) * module, (col - start) * module, module);
        start = -1;
      }
    }
  }
  doc.fill().restore();
}

/** Digits in groups of four, as people read them aloud: 7408 9950 0012. */
export const groupedCode = (code: string): string => code.replace(/(\d{4})(?=\d)/g, '$1 ');

/** One line, cut with "…" when it does not fit (pdfkit cuts only within a given height). */
function line(doc: Doc, text: string, x: number, y: number, width: number, size: number): void {
  doc.fontSize(size).text(text, x, y, { width, height: size * 1.2, ellipsis: true, lineBreak: true });
}

function drawLabel(doc: Doc, asset: Asset, baseUrl: string, texts: LabelTexts, x: number, y: number): void {
  const { width, height } = LABEL_SHEET;
  const qrSize = height - 2 * PADDING + 2 * MM;
  drawQr(doc, `${baseUrl}${assetFilingPath(asset.code)}`, x + PADDING - 2 * MM, y + PADDING - 1 * MM, qrSize);
  const textX = x + qrSize + PADDING - 1 * MM;
  const textWidth = width - (textX - x) - PADDING;
  let ty = y + PADDING + 1;
  doc.font('Helvetica').fillColor('#333333');
  line(doc, texts.heading, textX, ty, textWidth, 6.5);
  ty += 9;
  doc.font('Helvetica-Bold').fillColor('#000000');
  line(doc, groupedCode(asset.code), textX, ty, textWidth, 11);
  ty += 15;
  doc
    .font('Helvetica')
    .fontSize(7.5)
    .text(asset.description, textX, ty, { width: textWidth, height: 3 * 9, ellipsis: true });
  ty = y + height - PADDING - 15;
  doc.fillColor('#333333');
  line(doc, `${texts.office}: ${asset.officeName}`, textX, ty, textWidth, 6);
  ty += 8;
  line(doc, texts.scan, textX, ty, textWidth, 5.5);
}

/**
 * The labels of these assets, in order, 24 per A4 page (a PDF with one empty page when there are
 * none, so the request still answers a printable document).
 */
export async function renderLabelsPdf(assets: Asset[], baseUrl: string, texts: LabelTexts): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: true, info: { Title: texts.heading, Producer: 'ITIMS' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const perPage = LABEL_SHEET.columns * LABEL_SHEET.rows;
  assets.forEach((asset, i) => {
    const slot = i % perPage;
    if (i > 0 && slot === 0) doc.addPage({ size: 'A4', margin: 0 });
    const col = slot % LABEL_SHEET.columns;
    const row = Math.floor(slot / LABEL_SHEET.columns);
    drawLabel(doc, asset, baseUrl, texts, LABEL_SHEET.left + col * LABEL_SHEET.width, LABEL_SHEET.top + row * LABEL_SHEET.height);
  });
  doc.end();
  return done;
}
