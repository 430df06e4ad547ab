// One refresh at a time, and a request made while one runs is answered by the next one, started after
// it: a caller that changed the host just before asking (Apply, Restart) never gets state read before.
export class RefreshQueue<R> {
  private running?: Promise<void>;
  private next?: { request: R; promise: Promise<void> };

  /** `merge` folds the requests made while one runs into the single refresh that follows it. */
  constructor(
    private readonly run: (request: R) => Promise<void>,
    private readonly merge: (queued: R, added: R) => R,
  ) {}

  /** Resolves once a refresh that started after this call has finished. */
  request(request: R): Promise<void> {
    if (this.next) {
      this.next.request = this.merge(this.next.request, request);
      return this.next.promise;
    }
    if (!this.running) return this.start(request);
    const next = { request, promise: Promise.resolve() };
    next.promise = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start(next.request);
      });
    this.next = next;
    return next.promise;
  }

  private start(request: R): Promise<void> {
    const running = this.run(request).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }
}
