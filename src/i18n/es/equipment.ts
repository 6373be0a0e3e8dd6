/** Equipment by código patrimonial: registry, import, labels, filing with an asset (Spanish, the default). */
export const equipment = {
  'error.ASSET_NOT_FOUND': 'No hay ningún equipo con ese código patrimonial.',
  'error.ASSET_CODE_TAKEN': 'Ya hay un equipo registrado con ese código patrimonial.',
  'error.ASSET_UNKNOWN': 'No encontramos un equipo activo con ese código patrimonial.',
  'field.assetCode': 'El código patrimonial tiene solo dígitos (de 4 a 20; se ignoran espacios y guiones).',
  'field.assetCodeTaken': 'Otro equipo ya tiene este código patrimonial.',
  'field.assetUnknown': 'No encontramos un equipo activo con este código. Revise la etiqueta o deje el campo vacío.',
  'field.custodianUnknown': 'Este DNI no está en el directorio del personal.',
  'assetLabels.heading': 'Código patrimonial',
  'assetLabels.scan': 'Escanee para reportar una falla',
  'assetLabels.office': 'Oficina',
  'assetImport.reason.codeInvalid': 'Código patrimonial inválido: solo dígitos, de 4 a 20',
  'assetImport.reason.codeScientific':
    'Código patrimonial en notación científica (p. ej. 7,40899E+11): Excel perdió dígitos; dé a la columna formato de texto y vuelva a exportar',
  'assetImport.reason.codeRepeated': 'Código patrimonial repetido (ya aparece en la línea {line})',
  'assetImport.reason.descriptionMissing': 'Falta la descripción',
  'assetImport.reason.descriptionTooLong': 'La descripción es demasiado larga (máximo {limit} caracteres)',
  'assetImport.reason.detailTooLong': 'La columna {column} es demasiado larga (máximo {limit} caracteres)',
  'assetImport.reason.officeUnknown': 'La oficina «{office}» no existe (créela primero o corrija el nombre)',
  'assetImport.reason.custodianUnknown': 'El DNI del responsable {dni} no está en el directorio del personal',
} as const;
