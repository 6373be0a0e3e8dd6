/** Demo FAQ entries (Spanish), loaded by `seedDemo`: what an office meets every week, as numbered steps. */
export interface DemoFaq {
  question: string;
  /** Markdown. */
  answer: string;
  keywords: string;
  /** Name of a demo category, or null. */
  category: string | null;
  /** The case needs a technician (access, installations, replacements): answering with it offers a ticket. */
  needsTicket?: boolean;
}

const TICKET = 'Si el problema continúa, cree un ticket y un técnico lo atenderá.';

export const DEMO_FAQS: DemoFaq[] = [
  // Impresoras
  {
    question: 'La impresora no imprime, ¿qué hago?',
    answer: `1. Verifique que la impresora esté encendida, con papel y sin luces de error.
2. Revise que el cable USB o de red esté bien conectado (o que la impresora muestre la red Wi-Fi).
3. En Windows abra **Configuración > Impresoras y escáneres**, elija la impresora y pulse **Abrir cola de impresión**.
4. Si hay documentos atascados, cancélelos todos y vuelva a enviar la impresión.
5. Apague la impresora 30 segundos y enciéndala de nuevo.
6. ${TICKET}`,
    keywords: 'imprimir impresora no imprime cola de impresion documentos pendientes no sale la hoja no responde',
    category: 'Impresoras',
  },
  {
    question: '¿Cómo saco un papel atascado de la impresora?',
    answer: `1. Apague la impresora y espere a que se enfríe (la zona del fusor quema).
2. Abra la tapa frontal o trasera que indique la pantalla.
3. Tire del papel con las dos manos, despacio y en el sentido de salida, sin romperlo.
4. Revise que no queden trozos de papel dentro.
5. Cierre las tapas, encienda la impresora y pruebe una hoja.
6. Use papel seco y sin arrugas; no llene la bandeja por encima de la marca.
7. ${TICKET}`,
    keywords: 'atasco papel atascado atracado trabado hoja atorada jam bandeja',
    category: 'Impresoras',
  },
  {
    question: 'La impresora imprime con rayas, manchas o muy clara',
    answer: `1. Imprima una página de prueba desde el panel de la impresora.
2. Si la hoja sale clara o con rayas, saque el tóner (o cartucho), agítelo suavemente de lado a lado y vuelva a colocarlo.
3. En impresoras de tinta (por ejemplo Epson L3150) ejecute **Limpieza de cabezales** desde el programa de la impresora.
4. Si el mensaje indica tóner bajo, solicite uno nuevo a su área administrativa o a soporte.
5. ${TICKET}`,
    keywords: 'rayas manchas borroso claro desvanecido tinta toner cartucho calidad de impresion mancha lineas',
    category: 'Impresoras',
  },
  {
    question: '¿Cómo instalo una impresora de red en mi computadora?',
    answer: `1. Anote el nombre o la dirección IP de la impresora (está en una etiqueta o en su menú de red).
2. En Windows abra **Configuración > Bluetooth y dispositivos > Impresoras y escáneres**.
3. Pulse **Agregar dispositivo** y espere a que aparezca la impresora de su oficina.
4. Si no aparece, elija **Agregar manualmente** e ingrese la dirección IP.
5. Imprima una página de prueba.
6. Si Windows pide permisos de administrador, cree un ticket para que un técnico la instale.`,
    keywords: 'instalar impresora agregar impresora red compartida driver controlador nueva impresora configurar',
    category: 'Impresoras',
  },
  {
    question: 'El escáner no envía los documentos escaneados a mi PC o a mi correo',
    answer: `1. Compruebe que su PC esté encendida y conectada a la red.
2. En el panel del equipo multifunción elija **Escanear a carpeta** o **Escanear a correo** y su nombre en la libreta.
3. Si escanea a correo, revise la carpeta de correo no deseado.
4. Si escanea a carpeta, confirme que la carpeta compartida sigue existiendo en su PC.
5. Pruebe escanear con el programa de la impresora desde la PC (**Escanear** en Windows).
6. ${TICKET}`,
    keywords: 'escaner escanear scanner digitalizar multifuncional enviar a carpeta escaneo no llega pdf',
    category: 'Impresoras',
  },
  {
    question: 'La impresora aparece "fuera de línea" o "sin conexión"',
    answer: `1. Confirme que la impresora esté encendida y conectada a la red (luz de red encendida).
2. En **Impresoras y escáneres**, elija la impresora, abra la cola y desmarque **Usar impresora sin conexión**.
3. Reinicie la impresora y luego su computadora.
4. Si la impresora cambió de dirección IP, elimínela y vuelva a agregarla.
5. ${TICKET}`,
    keywords: 'fuera de linea offline sin conexion desconectada impresora pausada no disponible',
    category: 'Impresoras',
  },
  {
    question: '¿Cómo pido tóner o tinta para la impresora?',
    answer: `1. Anote el modelo de la impresora (por ejemplo HP LaserJet M404dn) y el código del tóner que indica la pantalla.
2. Revise si su área tiene tóner de repuesto guardado.
3. Si no lo hay, solicite el tóner mediante un ticket en la categoría **Impresoras**, indicando modelo y oficina.
4. Mientras llega, agite el tóner actual para aprovechar lo que queda.`,
    keywords: 'toner tinta cartucho repuesto se acabo la tinta sin tinta pedir solicitar recarga',
    category: 'Impresoras',
    needsTicket: true,
  },
  // Internet y red
  {
    question: 'Mi computadora no tiene internet',
    answer: `1. Revise si sus compañeros tienen internet: si nadie tiene, es una caída general y ya estamos informados.
2. Verifique que el cable de red esté bien conectado a la PC y a la toma de la pared (debe hacer clic).
3. Mire el icono de red junto al reloj: si tiene una X o un globo, desconecte y vuelva a conectar el cable.
4. Reinicie la computadora.
5. En Windows, ejecute **Configuración > Red e Internet > Solución de problemas de red**.
6. ${TICKET}`,
    keywords: 'sin internet no hay internet no carga paginas no navega cable de red desconectado no tengo red sin conexion',
    category: 'Internet y red',
  },
  {
    question: '¿Cómo me conecto al Wi-Fi institucional?',
    answer: `1. Abra la lista de redes Wi-Fi (icono junto al reloj o ajustes del celular).
2. Elija la red institucional de su sede.
3. Ingrese su usuario y contraseña de red, los mismos de su computadora.
4. Si el equipo pregunta por un certificado, acepte **Conectar**.
5. Las visitas usan la red de invitados, con la clave que entrega su oficina.
6. ${TICKET}`,
    keywords: 'wifi wi-fi wireless inalambrica conectar celular laptop red inalambrica clave del wifi señal',
    category: 'Internet y red',
  },
  {
    question: 'Estoy conectado al Wi-Fi pero no navego',
    answer: `1. Desactive y vuelva a activar el Wi-Fi del equipo.
2. Olvide la red (**Olvidar**) y conéctese de nuevo con su usuario.
3. Acérquese al punto de acceso: las paredes gruesas debilitan la señal.
4. Reinicie el equipo.
5. Pruebe abrir una página institucional; si solo fallan algunas páginas, pueden estar bloqueadas por política.
6. ${TICKET}`,
    keywords: 'wifi conectado sin internet sin acceso a internet señal debil wifi no navega limitado',
    category: 'Internet y red',
  },
  {
    question: 'El internet está muy lento',
    answer: `1. Cierre pestañas y programas que no use, sobre todo videos y descargas.
2. Pruebe con otra página para ver si la lentitud es general.
3. Si usa Wi-Fi, acérquese al punto de acceso o use cable.
4. Reinicie la computadora.
5. Pregunte a sus compañeros: si a todos les pasa, puede ser saturación del enlace de la sede.
6. ${TICKET}`,
    keywords: 'internet lento lentitud demora carga lenta navegacion lenta paginas tardan velocidad',
    category: 'Internet y red',
  },
  {
    question: 'Windows dice que hay un conflicto de dirección IP',
    answer: `1. Reinicie la computadora: normalmente recibe una dirección nueva.
2. Si persiste, abra **Símbolo del sistema** y ejecute \`ipconfig /release\` y luego \`ipconfig /renew\`.
3. No configure una dirección IP fija por su cuenta.
4. ${TICKET}`,
    keywords: 'conflicto ip direccion ip duplicada ipconfig red limitada dhcp',
    category: 'Internet y red',
  },
  {
    question: 'No puedo abrir una carpeta compartida de la red',
    answer: `1. Verifique que tiene red (abra una página institucional).
2. Escriba la ruta completa en el Explorador de archivos, por ejemplo \`\\\\servidor\\carpeta\`.
3. Si aparece **Acceso denegado**, necesita permiso: pídalo a su jefe, que debe solicitarlo por ticket.
4. Si pide usuario y contraseña, use sus credenciales de red.
5. ${TICKET}`,
    keywords: 'carpeta compartida acceso denegado unidad de red servidor archivos compartidos permisos no abre la carpeta',
    category: 'Internet y red',
  },
  {
    question: '¿Cómo conecto una unidad de red (mapear)?',
    answer: `1. Abra el **Explorador de archivos** y haga clic derecho en **Este equipo**.
2. Elija **Conectar a unidad de red**.
3. Escoja una letra (por ejemplo Z:) y escriba la ruta de la carpeta, como \`\\\\servidor\\area\`.
4. Marque **Conectar de nuevo al iniciar sesión** y pulse **Finalizar**.
5. Si pide credenciales, use su usuario y contraseña de red.`,
    keywords: 'mapear unidad de red conectar unidad letra z disco de red acceso directo carpeta servidor',
    category: 'Internet y red',
  },
  {
    question: '¿Cómo me conecto a la VPN para trabajar desde casa?',
    answer: `1. Solicite el acceso VPN con autorización de su jefe (por ticket) si aún no lo tiene.
2. Instale el cliente VPN indicado por soporte en su laptop.
3. Abra el cliente, ingrese la dirección del servidor que le entregaron y su usuario de red.
4. Pulse **Conectar** e ingrese su contraseña (y el código de verificación si se lo piden).
5. Ya conectado, abra los sistemas institucionales como en la oficina.
6. ${TICKET}`,
    keywords: 'vpn trabajo remoto teletrabajo desde casa conexion remota acceso remoto forticlient',
    category: 'Internet y red',
  },
  {
    question: 'La VPN no conecta o da error',
    answer: `1. Verifique que su internet de casa funcione (abra cualquier página).
2. Cierre el cliente VPN por completo y ábralo de nuevo.
3. Revise que su contraseña no haya caducado: si caducó, cámbiela primero en la oficina.
4. Con errores como 651, 809 o "tiempo de espera agotado", reinicie el router de su casa y la laptop.
5. Si usa datos móviles o la red de un hotel, pruebe con otra red: algunas bloquean la VPN.
6. ${TICKET}`,
    keywords: 'vpn no conecta error vpn 651 809 tiempo de espera desconecta falla vpn',
    category: 'Internet y red',
  },
  // Correo institucional
  {
    question: '¿Cómo configuro el correo institucional en mi celular?',
    answer: `1. Instale la aplicación **Outlook** desde la tienda de su celular.
2. Abra Outlook y pulse **Agregar cuenta**.
3. Escriba su dirección de correo institucional completa.
4. Ingrese su contraseña y acepte los permisos que pida la aplicación.
5. Si el celular pide administrar el dispositivo o un código, siga las instrucciones en pantalla.
6. ${TICKET}`,
    keywords: 'correo en el celular telefono movil android iphone outlook app configurar email institucional smartphone',
    category: 'Correo institucional',
  },
  {
    question: 'Outlook me pide la contraseña a cada rato',
    answer: `1. Cierre Outlook por completo.
2. Abra **Panel de control > Administrador de credenciales > Credenciales de Windows**.
3. Elimine las credenciales que mencionen Outlook u Office.
4. Abra Outlook e ingrese su contraseña actual una sola vez, marcando **Recordar**.
5. Si cambió su contraseña hace poco, actualícela también en el celular.
6. ${TICKET}`,
    keywords: 'outlook pide contraseña repetidamente credenciales pide clave a cada rato correo contraseña ventana',
    category: 'Correo institucional',
  },
  {
    question: 'Mi buzón de correo está lleno',
    answer: `1. Vacíe la carpeta **Elementos eliminados** y la de **Correo no deseado**.
2. Ordene por tamaño y borre o guarde fuera los correos con adjuntos pesados.
3. Guarde los adjuntos importantes en su carpeta de trabajo antes de borrar el correo.
4. Archive correos antiguos con **Archivo > Herramientas > Limpiar elementos antiguos**.
5. ${TICKET}`,
    keywords: 'buzon lleno cuota correo lleno espacio almacenamiento no puedo enviar limite de tamaño',
    category: 'Correo institucional',
  },
  {
    question: 'No me llegan los correos',
    answer: `1. Revise la carpeta **Correo no deseado** (spam) y las **Otras** bandejas.
2. Confirme con el remitente que escribió bien su dirección.
3. Verifique que su buzón no esté lleno.
4. Revise si tiene reglas que muevan correos a otras carpetas (**Archivo > Reglas**).
5. ${TICKET}`,
    keywords: 'no llegan correos no recibo emails spam correo no deseado bandeja de entrada mensajes perdidos',
    category: 'Correo institucional',
  },
  {
    question: '¿Cómo envío un archivo muy pesado por correo?',
    answer: `1. El correo admite adjuntos de hasta unos 20 MB.
2. Para archivos más grandes, súbalo a su espacio en la nube institucional (OneDrive) o a la carpeta compartida.
3. Comparta el enlace en el correo en lugar del archivo.
4. También puede comprimir el archivo (clic derecho > **Comprimir en ZIP**).`,
    keywords: 'archivo pesado adjunto grande limite adjuntos enviar archivo grande onedrive comprimir zip',
    category: 'Correo institucional',
  },
  {
    question: '¿Cómo pongo mi firma en el correo?',
    answer: `1. En Outlook vaya a **Archivo > Opciones > Correo > Firmas**.
2. Pulse **Nuevo**, escriba un nombre y el texto de la firma (nombre, cargo, oficina, anexo).
3. Elija la firma para mensajes nuevos y respuestas.
4. Pulse **Aceptar**.`,
    keywords: 'firma de correo firma outlook pie de correo cargo anexo',
    category: 'Correo institucional',
  },
  {
    question: '¿Cómo activo la respuesta automática por vacaciones?',
    answer: `1. En Outlook vaya a **Archivo > Respuestas automáticas**.
2. Marque **Enviar respuestas automáticas** y elija las fechas.
3. Escriba el mensaje, por ejemplo a quién dirigirse en su ausencia.
4. Pulse **Aceptar**. Al volver, desactívela si no eligió fechas.`,
    keywords: 'respuesta automatica fuera de oficina vacaciones ausencia mensaje automatico licencia',
    category: 'Correo institucional',
  },
  {
    question: 'Recibí un correo sospechoso que pide mi contraseña',
    answer: `1. No haga clic en enlaces ni abra adjuntos de ese correo.
2. Nunca entregue su contraseña: soporte jamás se la pedirá por correo ni por teléfono.
3. Use **Reportar > Phishing** en Outlook o reenvíelo como adjunto a soporte.
4. Elimine el correo.
5. Si ya hizo clic o escribió su contraseña, cámbiela de inmediato y cree un ticket urgente.`,
    keywords: 'phishing correo sospechoso fraude estafa enlace falso virus por correo hackeo robo de clave',
    category: 'Correo institucional',
  },
  // Cuentas y contraseñas
  {
    question: 'Olvidé mi contraseña',
    answer: `1. Si tiene activado el autoservicio, use **¿Olvidó su contraseña?** en la pantalla de inicio de sesión y siga los pasos.
2. Si no lo tiene, cree un ticket en la categoría **Cuentas y contraseñas**: un técnico verificará su identidad.
3. El técnico le dará una contraseña temporal que deberá cambiar al ingresar.
4. Nunca comparta su contraseña, ni siquiera con soporte.`,
    keywords: 'olvide mi contraseña olvide la clave no recuerdo no me acuerdo contraseña de windows restablecer resetear recuperar clave',
    category: 'Cuentas y contraseñas',
  },
  {
    question: 'Mi cuenta está bloqueada',
    answer: `1. La cuenta se bloquea tras varios intentos fallidos; espere 15 minutos y pruebe de nuevo.
2. Escriba la contraseña despacio, revisando **Bloq Mayús** y el idioma del teclado.
3. Si cambió la contraseña hace poco, actualícela en su celular: un equipo con la clave antigua puede bloquearla.
4. Si sigue bloqueada, cree un ticket para que un técnico la desbloquee.`,
    keywords: 'cuenta bloqueada usuario bloqueado desbloquear intentos fallidos no me deja entrar bloqueo',
    category: 'Cuentas y contraseñas',
  },
  {
    question: '¿Cómo cambio mi contraseña de Windows?',
    answer: `1. Con la sesión iniciada, pulse **Ctrl + Alt + Supr**.
2. Elija **Cambiar una contraseña**.
3. Escriba la contraseña actual y dos veces la nueva.
4. Pulse **Enter**.
5. Actualice la nueva contraseña en el correo de su celular.`,
    keywords: 'cambiar contraseña cambiar clave nueva contraseña windows ctrl alt supr modificar clave',
    category: 'Cuentas y contraseñas',
  },
  {
    question: 'Me dice que mi contraseña caducó o expiró',
    answer: `1. En la pantalla que lo indica, elija **Cambiar contraseña**.
2. Escriba la contraseña anterior y luego dos veces la nueva.
3. La nueva no puede repetir las últimas contraseñas y debe cumplir los requisitos de seguridad.
4. Actualícela también en el celular y en la VPN.
5. ${TICKET}`,
    keywords: 'contraseña caducada expirada vencida expiro caduco la clave cambiar clave vencida',
    category: 'Cuentas y contraseñas',
  },
  {
    question: '¿Qué requisitos debe cumplir una contraseña segura?',
    answer: `1. Al menos 10 caracteres.
2. Mezcle mayúsculas, minúsculas, números y un símbolo.
3. No use su nombre, su DNI, fechas de nacimiento ni palabras como "clave".
4. Use una frase fácil de recordar, por ejemplo tres palabras con números.
5. No la anote en papeles pegados al monitor ni la comparta.`,
    keywords: 'contraseña segura requisitos clave fuerte politica de contraseñas no acepta mi contraseña caracteres',
    category: 'Cuentas y contraseñas',
  },
  {
    question: 'No me llega el código de verificación para iniciar sesión',
    answer: `1. Espere un minuto y pulse **Reenviar código**.
2. Verifique que su celular tenga señal y la hora correcta.
3. Si usa la aplicación autenticadora, ábrala y use el código que aparece.
4. Si cambió de celular, cree un ticket para registrar el nuevo.`,
    keywords: 'codigo de verificacion doble factor dos pasos autenticador sms codigo no llega mfa',
    category: 'Cuentas y contraseñas',
  },
  // Hardware
  {
    question: 'Mi computadora está muy lenta',
    answer: `1. Reinicie la computadora (no solo apague la pantalla): muchos problemas se van así.
2. Cierre los programas y pestañas del navegador que no use.
3. Abra el **Administrador de tareas** (Ctrl + Shift + Esc) y vea qué programa usa más CPU o memoria.
4. Libere espacio: vacíe la papelera y borre descargas que ya no necesite.
5. Deje que Windows termine sus actualizaciones.
6. ${TICKET}`,
    keywords: 'pc lenta computadora lenta laptop lenta se cuelga se congela demora lentitud equipo lento maquina lenta',
    category: 'Hardware',
  },
  {
    question: 'Mi computadora no enciende',
    answer: `1. Verifique que el cable de energía esté bien conectado a la PC y al tomacorriente.
2. Pruebe el tomacorriente con otro equipo; si usa estabilizador, confirme que esté encendido.
3. Mantenga presionado el botón de encendido 10 segundos y luego púlselo de nuevo.
4. En laptops, conecte el cargador y espere unos minutos.
5. ${TICKET}`,
    keywords: 'no enciende no prende pc apagada no arranca computadora muerta boton de encendido cpu no prende',
    category: 'Hardware',
  },
  {
    question: 'Sale una pantalla azul o la computadora se reinicia sola',
    answer: `1. Anote o fotografíe el código que aparece en la pantalla azul (por ejemplo CRITICAL_PROCESS_DIED).
2. Desconecte los USB, discos externos o equipos que haya conectado hace poco y reinicie.
3. Deje que Windows termine sus actualizaciones pendientes.
4. Si se repite, cree un ticket con el código anotado y la hora: un técnico revisará el equipo.`,
    keywords: 'pantalla azul pantallazo azul bsod error critico se reinicia sola se reinicia solo reinicio inesperado se apaga sola',
    category: 'Hardware',
  },
  {
    question: 'Necesito el reemplazo de un equipo o de una pieza dañada',
    answer: `1. No abra el equipo ni intente repararlo usted: puede perder la garantía o lastimarse.
2. Si se derramó líquido, apague y desenchufe el equipo de inmediato.
3. Anote el código patrimonial del equipo (etiqueta pegada en el equipo) y qué pieza falla (pantalla, teclado, cargador, batería…).
4. Cree un ticket en la categoría **Hardware**: un técnico evaluará el equipo y tramitará el reemplazo.`,
    keywords: 'reemplazo cambio de equipo pieza rota pantalla rota pantalla quebrada cargador malogrado bateria no carga se cayo se mojo derrame equipo nuevo',
    category: 'Hardware',
    needsTicket: true,
  },
  {
    question: 'Necesito un punto de red o un cable de red nuevo',
    answer: `1. Indique la oficina y el lugar exacto donde se necesita el punto de red.
2. Si es para un equipo nuevo o un cambio de sitio, indíquelo también.
3. Cree un ticket en la categoría **Internet y red**: el cableado lo instala un técnico.`,
    keywords: 'punto de red cable de red nuevo instalar punto de red cableado toma de red roseta cambio de sitio mudanza de escritorio',
    category: 'Internet y red',
    needsTicket: true,
  },
  {
    question: 'El monitor no muestra imagen',
    answer: `1. Verifique que el monitor esté encendido (luz del botón).
2. Revise los cables de energía y de video (HDMI o VGA) en ambos extremos.
3. Mueva el mouse o pulse una tecla: la PC puede estar en suspensión.
4. Si tiene dos monitores, pulse **Windows + P** y elija **Duplicar** o **Extender**.
5. ${TICKET}`,
    keywords: 'monitor sin imagen pantalla negra no se ve nada sin señal pantalla apagada hdmi vga segundo monitor',
    category: 'Hardware',
  },
  {
    question: 'El teclado o el mouse no responden',
    answer: `1. Desconecte y vuelva a conectar el cable USB, de preferencia en otro puerto.
2. Si es inalámbrico, cambie las pilas y revise el interruptor de encendido.
3. Reinicie la computadora.
4. Pruebe con otro teclado o mouse si hay uno disponible.
5. ${TICKET}`,
    keywords: 'teclado no funciona mouse no funciona raton no se mueve teclas inalambrico pilas usb',
    category: 'Hardware',
  },
  {
    question: 'No tengo sonido en la computadora',
    answer: `1. Haga clic en el icono del parlante junto al reloj y revise que no esté en silencio.
2. Elija el dispositivo de salida correcto (parlantes o audífonos).
3. Si usa audífonos, desconéctelos y conéctelos de nuevo.
4. Pruebe en **Configuración > Sistema > Sonido > Solucionar problemas**.
5. ${TICKET}`,
    keywords: 'sin sonido no se escucha audio parlantes audifonos auriculares volumen microfono',
    category: 'Hardware',
  },
  {
    question: 'El proyector no muestra la imagen de mi laptop',
    answer: `1. Encienda el proyector y espere a que caliente.
2. Conecte el cable HDMI (o VGA) y elija esa entrada en el proyector (**Source/Entrada**).
3. En la laptop pulse **Windows + P** y elija **Duplicar**.
4. Si la imagen sale cortada, ajuste la resolución de pantalla a 1280 x 720.
5. ${TICKET}`,
    keywords: 'proyector sala de reuniones presentacion hdmi pantalla proyectar televisor multimedia',
    category: 'Hardware',
  },
  {
    question: 'La computadora no reconoce mi USB',
    answer: `1. Pruebe el USB en otro puerto, de preferencia en la parte trasera de la PC.
2. Espere unos segundos a que Windows instale el dispositivo.
3. Abra el **Explorador de archivos** y busque la unidad en **Este equipo**.
4. Algunos equipos tienen bloqueados los USB por seguridad: en ese caso use la carpeta compartida o el correo.
5. ${TICKET}`,
    keywords: 'usb memoria usb pendrive disco externo no reconoce no aparece puerto usb',
    category: 'Hardware',
  },
  // Software
  {
    question: 'Word o Excel se cierra solo o no responde',
    answer: `1. Espere un minuto: con archivos grandes Office puede tardar.
2. Guarde su trabajo si puede y cierre el programa.
3. Ábralo en modo seguro: mantenga **Ctrl** pulsado al abrirlo.
4. Reparación: **Configuración > Aplicaciones > Microsoft Office > Modificar > Reparación rápida**.
5. ${TICKET}`,
    keywords: 'word excel se cierra no responde se cuelga office falla powerpoint error office se traba',
    category: 'Software',
  },
  {
    question: 'Office me pide activación o dice "producto sin licencia"',
    answer: `1. Abra Word y vaya a **Archivo > Cuenta**.
2. Inicie sesión con su correo institucional si lo pide.
3. Cierre todos los programas de Office y ábralos de nuevo.
4. Si sigue apareciendo "producto sin licencia", cree un ticket: la activación la hace soporte.`,
    keywords: 'activar office licencia producto sin licencia activacion word pide activar clave de producto',
    category: 'Software',
  },
  {
    question: '¿Cómo recupero un documento de Word que no guardé?',
    answer: `1. Abra Word y vaya a **Archivo > Información > Administrar documento**.
2. Elija **Recuperar documentos no guardados**.
3. Abra el archivo que aparezca y guárdelo con **Guardar como**.
4. Para el futuro, active el autoguardado o guarde con **Ctrl + G** cada tanto.`,
    keywords: 'recuperar documento no guardado word se cerro sin guardar archivo perdido autoguardado',
    category: 'Software',
  },
  {
    question: 'El antivirus detectó una amenaza o virus',
    answer: `1. No abra el archivo detectado ni lo saque de la cuarentena.
2. Deje que el antivirus lo elimine o lo ponga en cuarentena.
3. Ejecute un análisis completo del equipo.
4. Si la alerta viene de una memoria USB, no la use en otras computadoras.
5. Si aparecen ventanas extrañas o archivos con nombres raros, desconecte el cable de red y cree un ticket urgente.`,
    keywords: 'antivirus virus amenaza malware troyano cuarentena alerta de seguridad infectado ransomware',
    category: 'Software',
  },
  {
    question: '¿Cómo actualizo el antivirus?',
    answer: `1. Abra el antivirus desde el icono junto al reloj.
2. Pulse **Actualizar** o **Buscar actualizaciones**.
3. Espere a que termine y reinicie si lo pide.
4. Si indica que la licencia venció o no actualiza desde hace días, cree un ticket.`,
    keywords: 'actualizar antivirus base de firmas desactualizado licencia antivirus vencida proteccion',
    category: 'Software',
  },
  {
    question: 'Windows Update se queda pegado o da error al actualizar',
    answer: `1. Deje la computadora encendida y conectada: algunas actualizaciones tardan más de una hora.
2. Reinicie y vuelva a intentar en **Configuración > Windows Update**.
3. Ejecute **Solucionar problemas > Windows Update**.
4. Anote el código de error (por ejemplo 0x800f0922) para el técnico.
5. ${TICKET}`,
    keywords: 'windows update actualizacion pegada error de actualizacion 0x800f0922 actualizando no termina',
    category: 'Software',
  },
  {
    question: '¿Cómo solicito la instalación de un programa?',
    answer: `1. Solo se instalan programas con licencia o gratuitos aprobados por la institución.
2. Cree un ticket en la categoría **Software** indicando el programa, para qué lo necesita y el código patrimonial de su PC.
3. Si el programa es de pago, adjunte la autorización de su jefe.
4. Un técnico lo instalará remotamente o en su oficina.`,
    keywords: 'instalar programa software nuevo instalacion aplicacion permisos de administrador descargar programa',
    category: 'Software',
    needsTicket: true,
  },
  {
    question: 'En la videollamada no me escuchan o no se ve mi cámara',
    answer: `1. Revise que el micrófono y la cámara no estén silenciados en la reunión.
2. En la configuración de la aplicación (Teams, Zoom o Meet), elija el micrófono y la cámara correctos.
3. Cierre otras aplicaciones que puedan usar la cámara.
4. Dé permiso al navegador para usar cámara y micrófono si la reunión es en el navegador.
5. ${TICKET}`,
    keywords: 'videollamada teams zoom meet camara microfono no me escuchan no se ve reunion virtual',
    category: 'Software',
  },
  {
    question: 'No puedo abrir un archivo PDF',
    answer: `1. Haga clic derecho en el archivo > **Abrir con** > elija Adobe Acrobat Reader o el navegador.
2. Si el archivo vino por correo, guárdelo primero en su PC.
3. Si dice que está dañado, pida que se lo envíen de nuevo.
4. ${TICKET}`,
    keywords: 'pdf no abre adobe acrobat reader archivo pdf dañado lector pdf',
    category: 'Software',
  },
  // Sistemas institucionales
  {
    question: '¿Cómo solicito acceso al SIGA, al SIAF u otro sistema institucional?',
    answer: `1. Su jefe inmediato debe autorizar el acceso y los permisos que necesita.
2. Cree un ticket en **Sistemas institucionales** indicando el sistema, el módulo y la autorización.
3. Soporte creará su usuario y le indicará cómo entrar la primera vez.
4. Cambie la contraseña temporal en su primer ingreso.`,
    keywords: 'acceso siga siaf sistema institucional usuario nuevo permisos modulo alta de usuario crear usuario',
    category: 'Sistemas institucionales',
    needsTicket: true,
  },
  {
    question: 'El sistema de trámite documentario no carga o se ve mal',
    answer: `1. Actualice la página con **Ctrl + F5**.
2. Borre la caché del navegador (**Ctrl + Shift + Supr**, marque imágenes y archivos en caché).
3. Pruebe con otro navegador (Chrome, Edge o Firefox actualizado).
4. Verifique que tiene red abriendo otra página institucional.
5. ${TICKET}`,
    keywords: 'tramite documentario sistema no carga pagina en blanco sistema web se ve mal expediente mesa de partes',
    category: 'Sistemas institucionales',
  },
  {
    question: 'El sistema dice "sesión expirada" y me saca',
    answer: `1. La sesión se cierra tras un tiempo sin actividad: vuelva a iniciar sesión.
2. No abra el mismo sistema en varias pestañas a la vez.
3. Borre las cookies del sitio si ocurre a cada momento.
4. Verifique que la fecha y hora de su PC sean correctas.
5. ${TICKET}`,
    keywords: 'sesion expirada me bota del sistema cierra sesion sola tiempo de espera token expirado',
    category: 'Sistemas institucionales',
  },
  {
    question: 'No me reconoce el certificado o el token de firma digital',
    answer: `1. Conecte el token o DNI electrónico con su lector y espere unos segundos.
2. Cierre el navegador y el programa de firma, y ábralos de nuevo.
3. Verifique que el certificado no esté vencido.
4. Pruebe en otro puerto USB.
5. ${TICKET}`,
    keywords: 'firma digital certificado digital token dnie lector firma electronica no reconoce refirma',
    category: 'Sistemas institucionales',
  },
  {
    question: '¿Cómo borro la caché del navegador?',
    answer: `1. En Chrome o Edge pulse **Ctrl + Shift + Supr**.
2. Elija el intervalo **Desde siempre**.
3. Marque **Imágenes y archivos en caché** (y cookies si el sistema lo pide).
4. Pulse **Borrar datos** y vuelva a abrir el sistema.`,
    keywords: 'borrar cache navegador limpiar historial cookies chrome edge firefox datos de navegacion',
    category: 'Sistemas institucionales',
  },
  {
    question: 'Olvidé mi contraseña del SIGA o del sistema de trámite',
    answer: `1. Use la opción **¿Olvidó su contraseña?** en la pantalla de ingreso del sistema, si existe.
2. Si no existe, cree un ticket en **Sistemas institucionales** indicando el sistema.
3. Soporte le dará una contraseña temporal que deberá cambiar al ingresar.`,
    keywords: 'contraseña siga siaf tramite olvide clave sistema restablecer usuario sistema bloqueado',
    category: 'Sistemas institucionales',
  },
  // Otros
  {
    question: '¿Cómo registro un ticket y veo en qué va?',
    answer: `1. En esta página escriba su DNI: se completan su nombre y oficina.
2. Elija la categoría y describa el problema con detalle (qué pasa, desde cuándo, mensajes de error).
3. Pulse **Enviar**: recibirá un código como TK-7F3K9Q2M.
4. Consulte el estado en **Consultar ticket** con ese código, o en **Mis tickets** con su DNI.`,
    keywords: 'ticket registrar incidencia reportar problema seguimiento estado codigo de ticket soporte tecnico',
    category: 'Otros',
  },
  {
    question: '¿Cómo guardo una copia de respaldo de mis archivos?',
    answer: `1. Guarde sus documentos de trabajo en la carpeta compartida de su área o en OneDrive, no solo en el escritorio.
2. Para copiar archivos a OneDrive, arrástrelos a la carpeta OneDrive del Explorador.
3. Verifique que el icono de nube muestre una marca verde (sincronizado).
4. Antes de un cambio de equipo, pida a soporte la copia de sus archivos por ticket.`,
    keywords: 'backup respaldo copia de seguridad onedrive guardar archivos perder archivos nube',
    category: 'Otros',
  },
  {
    question: '¿Cuál es el horario de atención de soporte técnico?',
    answer: `1. Soporte atiende de lunes a viernes en el horario de la institución.
2. Los tickets se atienden en orden de llegada.
3. Fuera de horario, registre su ticket igual: quedará en la cola para el día siguiente.
4. Para emergencias que detienen a toda una oficina, indíquelo en la descripción del ticket.`,
    keywords: 'horario atencion soporte cuando atienden fin de semana urgente emergencia',
    category: 'Otros',
  },
];
