// On server start, open the database once: with the embedded database the server claims the data directory
// at once (a second process is refused from the start, not at some later request), and errors show up early.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getServerDb } = await import('./db/server');
  try {
    await getServerDb();
  } catch (error) {
    console.error(
      `The database could not be opened at start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
