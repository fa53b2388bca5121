// Writes that survive SIGKILL and power loss: a reader sees the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Flushes a directory's entries (a rename is only durable once its directory is). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Temporary files start with this; anything left with it after a crash is garbage. */
export const TEMP_PREFIX = '.tmp-';

/** Replaces `path` atomically: write a temporary file beside it, fsync, rename over, fsync the directory. */
export async function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  mode = 0o644,
): Promise<void> {
  const temp = join(
    dirname(path),
    `${TEMP_PREFIX}${basename(path)}.${randomBytes(4).toString('hex')}`,
  );
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await syncDirectory(dirname(path));
}

/** Appends one line and fsyncs it. A crash can leave a torn last line, which readers skip. */
export async function appendLineDurably(path: string, line: string): Promise<void> {
  const handle = await open(path, 'a', 0o644);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
