/**
 * Login throttling: failures are counted per account and per client address
 * in a sliding window; over the limit, login answers 429 until it passes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perAccount = 10,
    private readonly perAddress = 50,
    private readonly windowMs = 15 * 60_000,
  ) {}

  blocked(email: string, address: string): boolean {
    return this.count(`a:${email}`) >= this.perAccount || this.count(`ip:${address}`) >= this.perAddress;
  }

  fail(email: string, address: string): void {
    this.push(`a:${email}`);
    this.push(`ip:${address}`);
  }

  succeed(email: string): void {
    this.failures.delete(`a:${email}`);
  }

  private count(key: string): number {
    const cutoff = Date.now() - this.windowMs;
    const list = this.failures.get(key)?.filter((t) => t > cutoff) ?? [];
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list.length;
  }

  private push(key: string): void {
    const list = this.failures.get(key) ?? [];
    list.push(Date.now());
    this.failures.set(key, list);
  }
}
