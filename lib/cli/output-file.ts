// A command's output written in pieces as it is made: to a file whole or not at all, or to standard output.
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { RegistryError } from '../registry/errors';

/**
 * Writes `path` from the pieces `fill` hands to `write`, whole or not at all: into `path.partial`, renamed over
 * `path` once everything is written; on any failure the partial file goes. A file that cannot be written is a
 * RegistryError 'input' (`cannot write PATH: …`); `fill`'s own errors pass through unchanged.
 */
export async function writeFileWhole<T>(
  path: string,
  fill: (write: (text: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const partial = `${path}.partial`;
  const cannotWrite = (error: unknown) =>
    new RegistryError('input', `cannot write ${path}: ${(error as Error).message}`, { cause: error });
  let file: FileHandle | undefined;
  try {
    const result = await fill(async (text) => {
      try {
        file ??= await open(partial, 'w');
        await file.write(text);
      } catch (error) {
        throw cannotWrite(error);
      }
    });
    try {
      file ??= await open(partial, 'w');
      await file.close();
      await rename(partial, path);
    } catch (error) {
      throw cannotWrite(error);
    }
    return result;
  } catch (error) {
    await file?.close().catch(() => {});
    await rm(partial, { force: true }).catch(() => {});
    throw error;
  }
}

/** Writes to standard output, waiting while the reader is behind (a pipe holds little). */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) =>
      error
        ? reject(
            new RegistryError('input', `cannot write to standard output: ${error.message}`, { cause: error }),
          )
        : resolve(),
    );
  });
}
