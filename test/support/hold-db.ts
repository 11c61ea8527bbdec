// Opens the database named by the environment and holds it until killed: a stand-in for a running app.
import { openDatabase } from '../../db/client';

await openDatabase();
console.log('open');
setInterval(() => {}, 1000);
