/** The demo technicians (only created by the demo data set; the README quotes them). */
export const DEMO_TECHNICIAN_PASSWORD = 'tecnico123';

export const DEMO_TECHNICIANS = [
  { username: 'whuaman', fullName: 'Wilber Huamán Ccori' },
  { username: 'ycondori', fullName: 'Yeny Condori Apaza' },
  { username: 'pmamani', fullName: 'Percy Mamani Layme' },
  { username: 'rquispe', fullName: 'Ruth Quispe Huillca' },
  { username: 'echoque', fullName: 'Edwin Choque Palomino' },
] as const;
