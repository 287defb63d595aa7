/** A call-detail export in the shipped samples' layout, spread over 90 days from 2026-03-01. */
export function* cdrExport(rows: number, chunkBytes = 1 << 20): Generator<string> {
  const media = ['voice', 'voice', 'chat', 'email', 'weibo'];
  const queues = ['Payments', 'Refunds', 'Security', 'Password', 'Other', 'Fees', 'Top-up'];
  const disp = ['answered', 'answered', 'answered', 'transferred', 'callback', 'abandoned'];
  let buf = 'call_id,start_time,media_type,queue_name,wait_time,talk_time,hold_time,wrap_up_time,disposition\n';
  const start = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + Math.floor((i * 90 * 86_400_000) / rows)).toISOString().slice(0, 19);
    buf += `B-${i},${at}+08:00,${media[i % 5]},${queues[i % 7]},${i % 97},${60 + (i % 400)},${i % 3 ? 0 : 20},${15 + (i % 40)},${disp[i % 6]}\n`;
    if (buf.length >= chunkBytes) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
