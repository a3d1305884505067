import { writeFileSync } from 'node:fs';
import type { Interactions } from '@recsys/data';

/** Writes `log` as a MovieLens `u.data` file (user, item, rating, timestamp; tab-separated) at `path`. */
export function writeMovieLensFile(path: string, log: Interactions): void {
  const lines: string[] = [];
  for (let r = 0; r < log.size; r++) {
    lines.push(
      `${log.userIds.raw(log.users[r])}\t${log.itemIds.raw(log.items[r])}\t${log.values![r]}\t${log.timestamps![r]}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
