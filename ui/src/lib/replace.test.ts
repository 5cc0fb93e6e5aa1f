import { describe, expect, it } from 'vitest';
import { BackendError } from './backend/backend';
import { ReplaceQuestion, fileAndFolder } from './replace.svelte';

describe('the file named in the question', () => {
  it("is the path's last part, in the folder before it", () => {
    expect(fileAndFolder(' /home/kari/Documents/newsletter.csv ')).toEqual({
      name: 'newsletter.csv',
      folder: '/home/kari/Documents',
    });
    expect(fileAndFolder('C:\\Users\\Kari\\list.csv')).toEqual({ name: 'list.csv', folder: 'C:\\Users\\Kari' });
  });
  it('keeps the root and takes a bare name as it is', () => {
    expect(fileAndFolder('/list.csv')).toEqual({ name: 'list.csv', folder: '/' });
    expect(fileAndFolder('C:\\list.csv')).toEqual({ name: 'list.csv', folder: 'C:\\' });
    expect(fileAndFolder('list.csv')).toEqual({ name: 'list.csv', folder: '' });
    expect(fileAndFolder('/home/kari/lists/')).toEqual({ name: 'lists', folder: '/home/kari' });
  });
});

/** A write that finds the file there until it is told to replace it. */
function fileThere() {
  const calls: boolean[] = [];
  const write = async (overwrite: boolean) => {
    calls.push(overwrite);
    if (!overwrite) throw new BackendError('exists', '/home/kari/list.csv already exists');
  };
  return { calls, write };
}

describe('replacing a file only when the person says so', () => {
  it('writes once, without asking, when the file is new', async () => {
    const q = new ReplaceQuestion();
    const calls: boolean[] = [];
    await q.write('/home/kari/list.csv', async (overwrite) => void calls.push(overwrite));
    expect(calls).toEqual([false]);
    expect(q.asking).toBeNull();
  });
  it('asks when the file exists, and writes over it on yes', async () => {
    const q = new ReplaceQuestion();
    const file = fileThere();
    await q.write('/home/kari/list.csv', file.write);
    expect(q.asking).toBe('/home/kari/list.csv');
    await q.replace();
    expect(file.calls).toEqual([false, true]);
    expect(q.asking).toBeNull();
  });
  it('writes nothing more on no', async () => {
    const q = new ReplaceQuestion();
    const file = fileThere();
    await q.write('/home/kari/list.csv', file.write);
    q.keep();
    await q.replace();
    expect(file.calls).toEqual([false]);
    expect(q.asking).toBeNull();
  });
  it('keeps asking when replacing fails, so the dialog can say why', async () => {
    const q = new ReplaceQuestion();
    await q.write('/home/kari/list.csv', async (overwrite) => {
      throw new BackendError(overwrite ? 'io' : 'exists', 'disk full');
    });
    await expect(q.replace()).rejects.toThrow('disk full');
    expect(q.asking).toBe('/home/kari/list.csv');
  });
  it('passes on every other error without asking', async () => {
    const q = new ReplaceQuestion();
    await expect(
      q.write('/etc/list.csv', async () => {
        throw new BackendError('validation', '/etc/list.csv: outside the folders allowed');
      }),
    ).rejects.toThrow('outside the folders allowed');
    expect(q.asking).toBeNull();
  });
});
