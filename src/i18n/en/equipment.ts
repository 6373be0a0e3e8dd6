import type { equipment as es } from '../es/equipment';

export const equipment: Record<keyof typeof es, string> = {
  'error.ASSET_NOT_FOUND': 'There is no equipment with that asset code.',
  'error.ASSET_CODE_TAKEN': 'Equipment with that asset code is already registered.',
  'error.ASSET_UNKNOWN': 'We could not find active equipment with that asset code.',
  'field.assetCode': 'The asset code has digits only (4 to 20; spaces and dashes are ignored).',
  'field.assetCodeTaken': 'Other equipment already has this asset code.',
  'field.assetUnknown': 'We could not find active equipment with this code. Check the label or leave the field empty.',
  'field.custodianUnknown': 'This DNI is not in the staff directory.',
  'assetLabels.heading': 'Asset code',
  'assetLabels.scan': 'Scan to report a fault',
  'assetLabels.office': 'Office',
  'assetImport.reason.codeInvalid': 'Invalid asset code: digits only, 4 to 20',
  'assetImport.reason.codeScientific':
    'Asset code in scientific notation (e.g. 7.40899E+11): Excel lost digits; format the column as text and export again',
  'assetImport.reason.codeRepeated': 'Repeated asset code (already on line {line})',
  'assetImport.reason.descriptionMissing': 'The description is missing',
  'assetImport.reason.descriptionTooLong': 'The description is too long (at most {limit} characters)',
  'assetImport.reason.detailTooLong': 'Column {column} is too long (at most {limit} characters)',
  'assetImport.reason.officeUnknown': 'Office "{office}" does not exist (create it first or correct the name)',
  'assetImport.reason.custodianUnknown': "The custodian's DNI {dni} is not in the staff directory",
};
