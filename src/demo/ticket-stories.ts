/**
 * The demo categories, in the order the form shows them ("Otros" always last), each with the
 * priority its tickets get at filing, and for each one a few incidents as staff write them, with
 * the technician's work note and closing note.
 */
import type { TicketPriority } from '../db/schema';
import { DEFAULT_SLA_TARGETS } from '../sla/calendar-defaults';
import type { SlaTarget } from '../sla/sla-targets';

export interface DemoCategory {
  name: string;
  isOther: boolean;
  /** The systems a whole office works with and the network stop many people at once: high. */
  defaultPriority: TicketPriority;
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  { name: 'Hardware', isOther: false, defaultPriority: 'normal' },
  { name: 'Impresoras', isOther: false, defaultPriority: 'normal' },
  { name: 'Internet y red', isOther: false, defaultPriority: 'high' },
  { name: 'Correo institucional', isOther: false, defaultPriority: 'normal' },
  { name: 'Sistemas institucionales', isOther: false, defaultPriority: 'high' },
  { name: 'Cuentas y contraseñas', isOther: false, defaultPriority: 'normal' },
  { name: 'Software', isOther: false, defaultPriority: 'low' },
  { name: 'Otros', isOther: true, defaultPriority: 'low' },
];

/**
 * The demo's SLA targets in business minutes (a business day is 08:00–16:45, 525 min): ITIMS's
 * defaults per priority, and one per category — a locked account stops a person's whole day, so
 * "Cuentas y contraseñas" at normal priority is answered within the hour and solved the same day.
 */
export const DEMO_CATEGORY_TARGETS: readonly (Omit<SlaTarget, 'categoryId'> & { category: string })[] = [
  { priority: 'normal', category: 'Cuentas y contraseñas', firstResponseMinutes: 60, resolutionMinutes: 525 },
];

/** The target of a demo ticket, by category name (the plan is made before the categories have ids). */
export function demoTarget(priority: TicketPriority, category: string): { firstResponseMinutes: number; resolutionMinutes: number } {
  const own = DEMO_CATEGORY_TARGETS.find((t) => t.priority === priority && t.category === category);
  return own ?? (DEFAULT_SLA_TARGETS.find((t) => t.priority === priority) as SlaTarget);
}

export interface TicketStory {
  category: string;
  description: string;
  /** Work-log note written while attending. */
  work: string;
  /** Closing note when resolved. */
  resolution: string;
  /** The technician who takes it changes its priority right away, with this note. */
  raise?: { to: TicketPriority; note: string };
}

export const TICKET_STORIES: readonly TicketStory[] = [
  {
    category: 'Hardware',
    description: 'Mi computadora no enciende desde esta mañana. Presiono el botón y solo se prende una luz naranja un segundo.',
    work: 'Revisado en sitio: la fuente de poder no entrega voltaje. Se trae una de repuesto del almacén.',
    resolution: 'Se reemplazó la fuente de poder. El equipo enciende y funciona con normalidad.',
  },
  {
    category: 'Hardware',
    description: 'El monitor parpadea y a ratos se pone negro. Ya moví el cable y sigue igual.',
    work: 'Probado con otro cable VGA: el problema continúa. Se prueba con un monitor de préstamo.',
    resolution: 'El monitor estaba dañado. Se dejó un monitor de reemplazo y se informó a Control Patrimonial.',
  },
  {
    category: 'Hardware',
    description: 'El teclado tiene varias teclas que no responden (la A, la S y la barra espaciadora). No puedo redactar los informes.',
    work: 'Se verificó que el teclado tiene líquido derramado.',
    resolution: 'Se cambió el teclado por uno nuevo del stock de la oficina.',
  },
  {
    category: 'Hardware',
    description: 'La computadora está muy lenta, tarda más de diez minutos en encender y se congela al abrir el SIAF.',
    work: 'El disco duro presenta sectores dañados según el diagnóstico SMART. Se programa el cambio a SSD.',
    resolution: 'Se instaló un disco SSD, se migró el perfil del usuario y se verificó el acceso al SIAF. Enciende en menos de un minuto.',
  },
  {
    category: 'Hardware',
    description: 'El proyector de la sala de reuniones del tercer piso no muestra imagen; mañana hay sesión de consejo.',
    work: 'Se revisó el cable HDMI y la configuración de pantalla de la laptop de la sala.',
    resolution: 'El cable HDMI estaba roto. Se cambió y se probó la proyección con la laptop de la sala.',
    raise: { to: 'high', note: 'Sesión de consejo mañana: se sube a alta.' },
  },
  {
    category: 'Hardware',
    description: 'El mouse de mi computadora no funciona, la luz no se prende.',
    work: 'Se probó el mouse en otro puerto USB sin resultado.',
    resolution: 'Se entregó un mouse nuevo.',
    raise: { to: 'low', note: 'Hay mouse de repuesto en la oficina; no detiene el trabajo.' },
  },
  {
    category: 'Impresoras',
    description: 'La impresora de la oficina imprime las hojas con rayas negras en todo el costado izquierdo.',
    work: 'Se limpió el tambor; las rayas disminuyen pero no desaparecen.',
    resolution: 'Se reemplazó la unidad de imagen (tambor). Las impresiones salen limpias.',
  },
  {
    category: 'Impresoras',
    description: 'No puedo imprimir desde mi computadora, el documento se queda "en cola" y no sale nada. Mis compañeros sí pueden.',
    work: 'La cola de impresión del equipo tiene trabajos bloqueados.',
    resolution: 'Se reinició el servicio de cola de impresión, se limpiaron los trabajos atascados y se reinstaló el controlador. Imprime correctamente.',
  },
  {
    category: 'Impresoras',
    description: 'La impresora multifuncional dice "atasco de papel" pero no hay ningún papel atorado.',
    work: 'Se encontró un pedazo de papel en el rodillo de la bandeja 2.',
    resolution: 'Se retiró el resto de papel del rodillo y se limpió el sensor de la bandeja. Ya no muestra el error.',
  },
  {
    category: 'Impresoras',
    description: 'Necesitamos escanear expedientes a la carpeta compartida pero el escáner de la multifuncional da error de red.',
    work: 'La contraseña de la cuenta de escaneo cambió y la multifuncional seguía con la anterior.',
    resolution: 'Se actualizó la cuenta de escaneo en la multifuncional y se probó el envío a la carpeta compartida de la oficina.',
  },
  {
    category: 'Impresoras',
    description: 'Se acabó el tóner de la impresora y tenemos que imprimir las órdenes de compra hoy.',
    work: 'Se solicitó el tóner al almacén con el pedido de la oficina.',
    resolution: 'Se instaló un tóner nuevo y se imprimió una página de prueba.',
    raise: { to: 'high', note: 'Órdenes de compra con plazo hoy.' },
  },
  {
    category: 'Impresoras',
    description: 'La impresora de Tesorería imprime las letras borrosas y muy claras, aunque le pusieron tóner nuevo.',
    work: 'Se revisó la configuración: estaba en modo ahorro de tóner.',
    resolution: 'Se desactivó el modo de ahorro de tóner y se calibró la densidad de impresión.',
  },
  {
    category: 'Internet y red',
    description: 'No tengo internet en mi computadora; sale "sin acceso a la red". El teléfono IP del escritorio tampoco funciona.',
    work: 'El punto de red de la pared no tiene enlace. Se revisa el switch del piso.',
    resolution: 'El puerto del switch estaba dañado. Se movió el cable a otro puerto y se etiquetó. Hay conexión en la PC y el teléfono.',
  },
  {
    category: 'Internet y red',
    description: 'El wifi de la sala de reuniones se desconecta a cada rato y no podemos hacer la videoconferencia con el ministerio.',
    work: 'El punto de acceso de la sala se reinicia solo; se revisa su alimentación PoE.',
    resolution: 'Se cambió el inyector PoE del punto de acceso. La señal está estable; se probó una videoconferencia de 20 minutos.',
  },
  {
    category: 'Internet y red',
    description: 'El internet está muy lento en toda la oficina desde ayer, las páginas del SEACE no cargan.',
    work: 'Se detectó un equipo descargando actualizaciones de forma masiva y saturando el enlace del piso.',
    resolution: 'Se limitó el ancho de banda de las actualizaciones y se normalizó la velocidad. Las páginas del SEACE cargan bien.',
  },
  {
    category: 'Internet y red',
    description: 'No puedo entrar a la carpeta compartida de la gerencia, dice que la ruta de red no se encuentra.',
    work: 'El equipo quedó fuera del dominio después de un cambio de nombre.',
    resolution: 'Se volvió a unir el equipo al dominio y se mapeó la unidad de red de la gerencia.',
  },
  {
    category: 'Internet y red',
    description: 'En la agencia no hay internet desde la lluvia de anoche, no podemos registrar a los productores en el sistema.',
    work: 'Se coordinó con el proveedor: corte de fibra en el tramo de la carretera.',
    resolution: 'El proveedor reparó la fibra. Se verificó la conexión y el acceso al sistema desde la agencia.',
    raise: { to: 'critical', note: 'Toda la agencia sin conexión y con atención al público: crítica.' },
  },
  {
    category: 'Internet y red',
    description: 'Necesito conectarme a la VPN desde casa para trabajar el fin de semana y me sale error de autenticación.',
    work: 'El usuario no estaba en el grupo de acceso remoto.',
    resolution: 'Se agregó al usuario al grupo de VPN con la autorización de su jefe y se probó la conexión por teléfono.',
    raise: { to: 'normal', note: 'Es para el fin de semana; no urge hoy.' },
  },
  {
    category: 'Correo institucional',
    description: 'No me llegan correos desde ayer en la tarde. Me dicen que me enviaron documentos y no los veo ni en spam.',
    work: 'El buzón está al 100 % de su capacidad.',
    resolution: 'Se archivaron los correos de años anteriores en un archivo local y se liberó espacio. Ya recibe correos.',
  },
  {
    category: 'Correo institucional',
    description: 'Outlook me pide la contraseña a cada rato y no sincroniza la bandeja de entrada.',
    work: 'El perfil de Outlook tenía credenciales antiguas guardadas.',
    resolution: 'Se eliminaron las credenciales guardadas y se creó un perfil nuevo. Sincroniza con normalidad.',
  },
  {
    category: 'Correo institucional',
    description: 'Recibí un correo que parece del banco pidiendo mis datos y le di clic al enlace. ¿Qué hago?',
    work: 'Se revisó el correo: es phishing. No se ingresaron datos según el usuario. Se bloqueó el remitente.',
    resolution: 'Se cambió la contraseña del correo, se analizó el equipo con el antivirus (sin amenazas) y se alertó al resto del personal.',
    raise: { to: 'critical', note: 'Posible phishing con clic en el enlace: se trata como incidente de seguridad.' },
  },
  {
    category: 'Correo institucional',
    description: 'Necesito que creen un correo para el nuevo practicante de la subgerencia.',
    work: 'Se pidió la autorización de Recursos Humanos.',
    resolution: 'Se creó la cuenta de correo con la autorización de RR. HH. y se entregaron las credenciales al jefe de la oficina.',
  },
  {
    category: 'Correo institucional',
    description: 'No puedo enviar archivos adjuntos grandes, el correo rebota con un mensaje de error.',
    work: 'El adjunto pesa 45 MB; el límite es 25 MB.',
    resolution: 'Se explicó el límite de tamaño y se compartió el archivo mediante la carpeta compartida de la oficina.',
  },
  {
    category: 'Sistemas institucionales',
    description: 'El SIGA no abre, sale "error de conexión con la base de datos" al ingresar.',
    work: 'El archivo de configuración del cliente SIGA apuntaba al servidor antiguo.',
    resolution: 'Se actualizó la configuración del cliente SIGA con el servidor nuevo. Ingresa sin problemas.',
  },
  {
    category: 'Sistemas institucionales',
    description: 'En el SIAF no puedo registrar el devengado, me aparece un mensaje de versión desactualizada.',
    work: 'Se descargó la última versión del SIAF publicada por el MEF.',
    resolution: 'Se actualizó el SIAF a la versión vigente y se probó el registro del devengado con el usuario.',
    raise: { to: 'critical', note: 'Cierre de mes: Tesorería no puede registrar devengados.' },
  },
  {
    category: 'Sistemas institucionales',
    description: 'No puedo ingresar al sistema de trámite documentario; dice que mi usuario no tiene perfil asignado.',
    work: 'El usuario fue reasignado de oficina este año y su perfil quedó en la oficina anterior.',
    resolution: 'Se asignó el perfil de la nueva oficina en el sistema de trámite documentario.',
  },
  {
    category: 'Sistemas institucionales',
    description: 'La firma digital no funciona en los documentos del sistema de trámite: dice que el certificado no es válido.',
    work: 'El certificado digital del DNIe venció.',
    resolution: 'Se guió al usuario para renovar el certificado y se reinstaló el software de firma. Firma correctamente.',
  },
  {
    category: 'Sistemas institucionales',
    description: 'El módulo de control de asistencia no muestra mis marcaciones del mes pasado.',
    work: 'Se verificó con Recursos Humanos: el reloj biométrico del piso no sincronizó durante tres días.',
    resolution: 'Se sincronizaron manualmente las marcaciones del reloj biométrico. Ya aparecen en el módulo.',
  },
  {
    category: 'Cuentas y contraseñas',
    description: 'Se me bloqueó la cuenta de Windows por poner mal la contraseña varias veces.',
    work: 'Se verificó la identidad del usuario por teléfono.',
    resolution: 'Se desbloqueó la cuenta y se restableció la contraseña; el usuario la cambió al ingresar.',
  },
  {
    category: 'Cuentas y contraseñas',
    description: 'Olvidé la contraseña del correo institucional y no puedo recuperarla.',
    work: 'Se verificó la identidad del usuario en persona.',
    resolution: 'Se restableció la contraseña del correo y se activó la verificación en dos pasos.',
  },
  {
    category: 'Cuentas y contraseñas',
    description: 'Entró una nueva asistente a la oficina y necesita usuario para la computadora y el sistema de trámite.',
    work: 'Pendiente la resolución de designación de RR. HH.',
    resolution: 'Se crearon el usuario de red y el del sistema de trámite con la resolución de designación.',
  },
  {
    category: 'Cuentas y contraseñas',
    description: 'Me aparece que mi contraseña vence hoy, pero al cambiarla dice que no cumple los requisitos.',
    work: 'Se explicó la política: 10 caracteres, mayúsculas, números y no repetir las 5 anteriores.',
    resolution: 'El usuario cambió la contraseña cumpliendo la política, con acompañamiento por teléfono.',
  },
  {
    category: 'Software',
    description: 'Necesito instalar AutoCAD para revisar los planos del expediente técnico.',
    work: 'Se verificó la disponibilidad de licencias de la Subgerencia de Estudios.',
    resolution: 'Se instaló AutoCAD con una licencia de red disponible y se probó la apertura de los planos.',
  },
  {
    category: 'Software',
    description: 'Excel se cierra solo cuando abro el cuadro de necesidades, y pierdo lo que avancé.',
    work: 'El archivo tiene macros dañadas; Office tenía actualizaciones pendientes.',
    resolution: 'Se actualizó Office, se reparó el archivo y se activó el autoguardado cada 5 minutos.',
  },
  {
    category: 'Software',
    description: 'El antivirus dice que encontró una amenaza en mi USB y no me deja abrir mis archivos.',
    work: 'La memoria USB tiene un virus de acceso directo.',
    resolution: 'Se desinfectó la memoria USB, se recuperaron los archivos ocultos y se analizó la PC (limpia).',
  },
  {
    category: 'Software',
    description: 'Me sale que Windows no está activado y no puedo cambiar el fondo de pantalla ni usar algunas funciones.',
    work: 'El equipo perdió la activación tras el cambio de placa.',
    resolution: 'Se activó Windows con la licencia por volumen de la institución.',
  },
  {
    category: 'Software',
    description: 'No puedo abrir los archivos PDF que me envían, me pide elegir un programa.',
    work: 'El lector de PDF fue desinstalado en una limpieza.',
    resolution: 'Se instaló el lector de PDF y se lo dejó como programa predeterminado.',
  },
  {
    category: 'Otros',
    description: 'Queremos saber si se puede instalar una cámara en la puerta de la oficina de Tesorería.',
    work: 'Se coordinó con Servicios Generales, que administra las cámaras.',
    resolution: 'Se derivó el pedido a Servicios Generales con la evaluación técnica de ubicación y cableado.',
  },
  {
    category: 'Otros',
    description: 'Necesitamos apoyo para transmitir en vivo la audiencia pública de rendición de cuentas el viernes.',
    work: 'Se coordinó con Imagen Institucional el equipo y la conexión.',
    resolution: 'Se instaló el equipo de transmisión y se hizo una prueba con Imagen Institucional. La transmisión se realizó sin cortes.',
  },
  {
    category: 'Otros',
    description: 'El teléfono anexo de mi escritorio no tiene tono desde que cambiaron los muebles.',
    work: 'El cable telefónico quedó desconectado detrás del mueble nuevo.',
    resolution: 'Se reconectó el teléfono IP y se probó una llamada al anexo de Informática.',
  },
];

/** Why a ticket was cancelled (closing note). */
export const CANCEL_NOTES = [
  'El usuario informa que el problema se solucionó al reiniciar el equipo. Se cancela a su pedido.',
  'Ticket duplicado: el mismo problema se atiende en otro ticket de la oficina.',
  'No corresponde a soporte de TI: es un pedido de mobiliario; se orientó al usuario a Servicios Generales.',
  'No fue posible ubicar al usuario en tres visitas; se cancela y se le indicó que registre uno nuevo si persiste.',
] as const;

/** Why a ticket was released back to the queue ("no logrado"). */
export const RELEASE_NOTES = [
  'No logrado: el usuario salió a una comisión de servicio; lo retoma otro técnico cuando regrese.',
  'No logrado: requiere permisos de administrador del servidor; lo toma el técnico responsable.',
] as const;

/** Optional comments left with the satisfaction survey. */
export const SURVEY_COMMENTS = ['Muy rápida la atención, gracias.', 'El técnico explicó bien lo que hizo.', 'Demoró un poco pero quedó bien.', 'Excelente servicio.'] as const;
