// The audit log's state: the filters, the events shown so far (pages fetched newest first),
// and the chain's verification. A response that arrives after the filters changed is dropped.
// A damaged trail can be resealed by the owner, after which the check and the log are read
// again: the reseal is an event, and the damage it records is shown with the check.
import type { Backend } from '../../lib/backend/backend';
import type { AuditEntry, AuditVerified as ChainReport, ResealReport } from '../../lib/api';
import { NO_FILTERS, PAGE, auditQuery, rangeBackwards, type AuditFilters } from './query';

export class AuditLog {
  filters = $state<AuditFilters>({ ...NO_FILTERS });
  entries = $state<AuditEntry[]>([]);
  more = $state(false);
  loading = $state(false);
  error = $state<unknown>(null);
  kinds = $state<string[]>([]);
  report = $state<ChainReport | null>(null);
  checking = $state(false);
  checkError = $state<unknown>(null);
  resealed = $state<ResealReport | null>(null);
  private generation = 0;

  constructor(private backend: Backend) {}

  /** The first page for the current filters. */
  async reload(): Promise<void> {
    this.entries = [];
    this.more = false;
    if (rangeBackwards(this.filters)) return;
    await this.fetch(null);
  }

  /** The next, older page. */
  async loadMore(): Promise<void> {
    const last = this.entries.at(-1);
    if (!last || this.loading) return;
    await this.fetch(last.seq);
  }

  private async fetch(before: number | null): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.backend.call('audit.list', auditQuery(this.filters, before));
      if (generation !== this.generation) return;
      this.more = page.length > PAGE;
      this.entries = [...(before === null ? [] : this.entries), ...page.slice(0, PAGE)];
    } catch (e) {
      if (generation === this.generation) this.error = e;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async loadKinds(): Promise<void> {
    try {
      this.kinds = await this.backend.call('audit.kinds');
    } catch (e) {
      this.error = e;
    }
  }

  /** Checks the whole chain again. */
  async verify(): Promise<void> {
    this.checking = true;
    this.checkError = null;
    try {
      this.report = await this.backend.call('audit.verify');
    } catch (e) {
      this.checkError = e;
    } finally {
      this.checking = false;
    }
  }

  /** Accepts the damaged trail as it is (the password again); a failure is thrown, for the
   *  dialog that asked to show. */
  async reseal(password: string): Promise<void> {
    this.resealed = await this.backend.call('audit.reseal', { password });
    await Promise.all([this.verify(), this.reload()]);
  }
}
