import { Inject, Injectable } from '@nestjs/common';
import { IdentityRepository, type Region } from './identity.repository.js';

/** How long another instance's new regions may go unseen by this one. */
const REGION_CACHE_TTL_MS = 10_000;

/**
 * The region tree, held in memory: a province has a few hundred regions and they change rarely.
 * Jurisdiction checks (a user's region and its subtree) are answered from here without a query.
 */
@Injectable()
export class RegionTreeService {
  private byCode = new Map<string, Region>();
  private children = new Map<string, string[]>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(@Inject(IdentityRepository) private readonly repository: IdentityRepository) {}

  async refresh(): Promise<void> {
    this.loading ??= (async () => {
      const regions = await this.repository.allRegions();
      const byCode = new Map(regions.map((r) => [r.code, r]));
      const children = new Map<string, string[]>();
      for (const r of regions) {
        if (r.parentCode) children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r.code]);
      }
      this.byCode = byCode;
      this.children = children;
      this.loadedAt = Date.now();
    })().finally(() => (this.loading = null));
    await this.loading;
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > REGION_CACHE_TTL_MS) await this.refresh();
  }

  /** The region, reloading once if it is not known yet (created by another instance). */
  async get(code: string): Promise<Region | undefined> {
    await this.fresh();
    if (!this.byCode.has(code)) await this.refresh();
    return this.byCode.get(code);
  }

  async all(): Promise<Region[]> {
    await this.fresh();
    return [...this.byCode.values()];
  }

  /** The code and every code below it. */
  async subtree(code: string): Promise<string[]> {
    await this.get(code);
    const out: string[] = [];
    const stack = [code];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (!this.byCode.has(current)) continue;
      out.push(current);
      stack.push(...(this.children.get(current) ?? []));
    }
    return out;
  }

  /** From the region itself up to the root. */
  async ancestry(code: string): Promise<Region[]> {
    const out: Region[] = [];
    for (let r = await this.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) out.push(r);
    return out;
  }

  async contains(rootCode: string, code: string): Promise<boolean> {
    return (await this.ancestry(code)).some((r) => r.code === rootCode);
  }

  /** On one branch: the same region, an ancestor or a descendant. */
  async sameBranch(a: string, b: string): Promise<boolean> {
    return (await this.contains(a, b)) || (await this.contains(b, a));
  }

  async parentOf(code: string): Promise<Region | undefined> {
    const region = await this.get(code);
    return region?.parentCode ? this.get(region.parentCode) : undefined;
  }

  /** The highest region below `nation` on the code's branch (the province). */
  async provinceOf(code: string): Promise<Region | undefined> {
    const chain = await this.ancestry(code);
    return chain.filter((r) => r.level !== 'nation').at(-1);
  }
}
