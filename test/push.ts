import { readFileSync } from 'node:fs';
import { generateNotices } from '@ggzy/generator';

const dir = readFileSync('/tmp/prof/dir', 'utf8').trim();
const { key } = JSON.parse(readFileSync(`${dir}/demo-feed.json`, 'utf8'));
const inputs = [
  ...generateNotices({ count: 5000, seed: 11, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
].map((r) => r.input);
const t = Date.now();
for (let i = 0; i < inputs.length; i += 500) {
  const s = Date.now();
  const r = await fetch('http://127.0.0.1:18092/v1/ingest/notices', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body: inputs
      .slice(i, i + 500)
      .map((x) => JSON.stringify(x))
      .join('\n'),
  });
  await r.arrayBuffer();
  console.log(r.status, Date.now() - s, 'ms');
}
console.log('total', Date.now() - t);
