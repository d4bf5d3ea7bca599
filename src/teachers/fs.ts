/** File helpers shared by the teacher formats. */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { TeacherFormatError } from './errors.js';

/**
 * Writes a file so readers never see a partial one: the bytes go to a temp file in the same
 * folder (same filesystem, so the rename is atomic), which then replaces the target.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Reads a whole file, turning a missing or unreadable file into a TeacherFormatError. */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TeacherFormatError(`${path}: no such file`);
    if (code === 'EISDIR')
      throw new TeacherFormatError(`${path}: is a folder; pass the model file (for TF.js, its model.json)`);
    throw new TeacherFormatError(`${path}: cannot read (${(e as Error).message})`);
  }
}
