import { describe, expect, it } from 'vitest';
import { createJobQueue, type JobState } from './job-queue';

interface S {
  jobId: number;
  state: JobState;
}

describe('job queue', () => {
  it('runs at most `running` jobs, starts the next as one settles, refuses past `queued`', () => {
    const q = createJobQueue<S>({ running: 2, queued: 3, keepMs: 1000, kept: 10 });
    const started: number[] = [];
    const jobs = [1, 2, 3, 4, 5].map((jobId) => ({ jobId, state: 'queued' as JobState }));
    for (const j of jobs) q.add(j, () => (started.push(j.jobId), () => {}));
    expect(started).toEqual([1, 2]);
    expect(jobs.map((j) => j.state)).toEqual(['running', 'running', 'queued', 'queued', 'queued']);
    expect(() => q.add({ jobId: 6, state: 'queued' }, () => () => {})).toThrow(/already waiting/);
    jobs[0].state = 'done';
    q.settled(1);
    expect(started).toEqual([1, 2, 3]);
    q.cancel(4); // a queued job cancelled never starts
    jobs[1].state = 'done';
    q.settled(2);
    expect(started).toEqual([1, 2, 3, 5]);
    expect(q.get(4)?.state).toBe('cancelled');
  });

  it('keeps a settled result for keepMs, and at most `kept` of them', () => {
    let now = 0;
    const q = createJobQueue<S>({ running: 10, queued: 10, keepMs: 1000, kept: 2 }, () => now);
    const add = (jobId: number) => {
      const s = { jobId, state: 'queued' as JobState };
      q.add(s, () => () => {});
      s.state = 'done';
      q.settled(jobId);
      now += 10;
    };
    add(1);
    add(2);
    add(3); // adding forgets past `kept`: job 1 goes
    add(4);
    expect([1, 2, 3, 4].map((id) => q.get(id)?.state)).toEqual([undefined, undefined, 'done', 'done']);
    now += 2000;
    add(5);
    expect([3, 4, 5].map((id) => q.get(id)?.state)).toEqual([undefined, undefined, 'done']);
  });
});
