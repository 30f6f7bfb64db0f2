import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { Clock } from '@rectify/core';
import { refusalOf } from './allowed-hosts.util.js';
import { nextAttemptAt } from './retry-schedule.util.js';
import { DeliveryStatus } from './webhook-event-type.js';
import { accepted, buildRequest } from './webhook-request.util.js';
import { WebhookRepository, type AttemptResult, type ClaimedDelivery, type EndpointRecord } from './webhook.repository.js';
import { WebhookSender } from './webhook-sender.js';
import { WEBHOOK_TIMEOUT_MS } from './webhook-timeout-ms.js';

/** Attempts in flight per instance. */
const MAX_IN_FLIGHT = 128;
/** Claim again only when this many slots are free (or nothing is in flight): few, large claim transactions. */
const MIN_CLAIM = 32;
/** How long a claimed delivery is not due again: longer than an attempt can take (10 s). */
export const WEBHOOK_LEASE_MS = 60_000;
const IDLE_POLL_MS = 200;
/**
 * After a claim, the next one waits this long: rows queued meanwhile by busy transitions are claimed
 * together (one write transaction for dozens of rows, not one per transition), and finished attempts
 * are recorded together the same way. Adds at most this much to commit-to-delivery latency.
 */
export const WEBHOOK_GATHER_MS = 10;
/** Endpoints kept in memory by id (url, secret and format never change; status is checked by the claim). */
const MAX_CACHED_ENDPOINTS = 1_000;
const ERROR_PAUSE_MS = 1_000;

/**
 * The outbox's delivery worker; one runs in every instance. It claims due deliveries (an attempt
 * number each), sends them concurrently, and records every attempt and what it does to its delivery
 * (delivered, retry at the next step of the schedule, or dead). A claimed row is not due again for
 * {@link WEBHOOK_LEASE_MS} of the injected clock: an instance killed mid-attempt loses no event, the
 * delivery is retried as the next attempt once the lease has run out. Nothing here runs inside a
 * user's transaction: a slow or dead receiver delays only its own deliveries.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private running = false;
  private loopDone: Promise<void> | null = null;
  private inFlight = 0;
  private readonly inFlightDone = new Set<Promise<void>>();
  private kicked = false;
  private wake: (() => void) | null = null;
  private results: AttemptResult[] = [];
  private flushing: Promise<void> | null = null;
  private readonly endpointCache = new Map<string, EndpointRecord>();

  constructor(
    @Inject(WebhookRepository) private readonly repository: WebhookRepository,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loopDone = this.loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
    await Promise.all([...this.inFlightDone]);
    await this.flushing;
  }

  /** New rows were committed (the outbox hook calls this after the commit): look now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (await this.claimAndStart()) {
          // Let more rows gather before the next claim (a kick meanwhile does not cut this short).
          await new Promise((resolve) => setTimeout(resolve, WEBHOOK_GATHER_MS).unref());
          continue;
        }
      } catch (error) {
        this.logger.error(`claiming deliveries failed: ${(error as Error).message}`);
        await this.sleep(ERROR_PAUSE_MS);
        continue;
      }
      await this.sleep(IDLE_POLL_MS);
    }
  }

  /** True when it should look again at once (a full batch, or a kick that came meanwhile). */
  private async claimAndStart(): Promise<boolean> {
    const free = MAX_IN_FLIGHT - this.inFlight;
    if (free < MIN_CLAIM && this.inFlight > 0) return false;
    const kicked = this.kicked;
    this.kicked = false;
    const now = this.clock.now();
    // Idle instances only read; a kick (rows just queued here) goes straight to the claim, which on
    // SQLite queues behind the transaction that queued them.
    if (!kicked && !(await this.repository.anyDue(now.toISOString()))) return this.kicked;
    const claimed = await this.repository.claim(now.toISOString(), new Date(now.getTime() + WEBHOOK_LEASE_MS).toISOString(), free);
    if (claimed.length > 0) {
      const endpoints = await this.endpointsOf(claimed);
      for (const delivery of claimed) this.start(delivery, endpoints.get(delivery.endpointId));
    }
    return claimed.length === free || this.kicked;
  }

  /** The claimed rows' endpoints: from memory, reading only those not seen yet. */
  private async endpointsOf(claimed: readonly ClaimedDelivery[]): Promise<Map<string, EndpointRecord>> {
    const missing = [...new Set(claimed.map((c) => c.endpointId))].filter((id) => !this.endpointCache.has(id));
    if (missing.length > 0) {
      if (this.endpointCache.size + missing.length > MAX_CACHED_ENDPOINTS) this.endpointCache.clear();
      for (const e of await this.repository.endpointsByIds(missing)) this.endpointCache.set(e.id, e);
    }
    return this.endpointCache;
  }

  private start(delivery: ClaimedDelivery, endpoint: EndpointRecord | undefined): void {
    this.inFlight += 1;
    const done: Promise<void> = this.attempt(delivery, endpoint)
      .then((result) => {
        if (result) {
          this.results.push(result);
          this.flush();
        }
      })
      .catch((error: Error) => this.logger.error(`delivery ${delivery.id}: ${error.message}`))
      .finally(() => {
        this.inFlight -= 1;
        this.inFlightDone.delete(done);
        if (MAX_IN_FLIGHT - this.inFlight === MIN_CLAIM || this.inFlight === 0) this.wake?.();
      });
    this.inFlightDone.add(done);
  }

  private async attempt(delivery: ClaimedDelivery, endpoint: EndpointRecord | undefined): Promise<AttemptResult | null> {
    if (!endpoint) return null; // deleted meanwhile, with its deliveries
    const startedAt = this.clock.now().toISOString();
    const refusal = refusalOf(endpoint.url, this.config.webhookAllowedHosts);
    let outcome: AttemptResult['outcome'];
    let statusCode: number | null = null;
    let error: string | null = null;
    const t0 = performance.now();
    if (refusal) {
      outcome = 'refused';
      error = refusal;
    } else {
      const request = buildRequest(endpoint, { id: delivery.id, attempt: delivery.attempt, payload: delivery.payload }, new Date());
      const sent = await this.sender.send(request, WEBHOOK_TIMEOUT_MS);
      if (sent.kind === 'response') {
        statusCode = sent.status;
        const verdict = accepted(endpoint.format, sent.status, sent.body);
        outcome = verdict.ok ? 'delivered' : 'failed';
        error = verdict.error;
      } else if (sent.kind === 'timeout') {
        outcome = 'timeout';
        error = `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
      } else {
        outcome = 'failed';
        error = sent.message.slice(0, 500);
      }
    }
    const latencyMs = Math.round(performance.now() - t0);
    const now = this.clock.now();
    let next: AttemptResult['next'];
    if (outcome === 'delivered') next = { status: DeliveryStatus.Delivered, at: now.toISOString() };
    else {
      const retryAt = nextAttemptAt(now, delivery.attempt - delivery.replayBase);
      next = retryAt ? { status: DeliveryStatus.Pending, nextAttemptAt: retryAt.toISOString() } : { status: DeliveryStatus.Dead, at: now.toISOString() };
    }
    return { deliveryId: delivery.id, attempt: delivery.attempt, startedAt, latencyMs, statusCode, outcome, error, next };
  }

  /** Records finished attempts in batches (one transaction each) while they come in. */
  private flush(): void {
    this.flushing ??= (async () => {
      try {
        while (this.results.length > 0) {
          // Attempts finishing meanwhile join this batch (skipped when shutting down: record now).
          if (this.running) await new Promise((resolve) => setTimeout(resolve, WEBHOOK_GATHER_MS));
          const batch = this.results.splice(0, this.results.length);
          // If this fails the rows stay claimed and are retried when their lease runs out (at least once).
          await this.repository.record(batch).catch((error: Error) => this.logger.error(`recording ${batch.length} attempts failed: ${error.message}`));
        }
      } finally {
        this.flushing = null;
      }
    })();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
    });
  }
}
