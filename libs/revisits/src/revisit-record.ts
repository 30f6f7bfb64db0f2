import { actorFromRow, toIso, type ActorRef } from '@rectify/core';
import { DRAW_METHOD } from './campaign-sampling.util.js';
import type { RevisitOrigin, RevisitStatus } from './revisit-status.js';

/** One row of `revisits`, instants as ISO strings. */
export interface RevisitRecord {
  id: string;
  caseId: string;
  campaignId: string | null;
  dueAt: string;
  origin: RevisitOrigin;
  status: RevisitStatus;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string;
}

/** A revisit with the code of its case, as lists show it. */
export interface RevisitListRecord extends RevisitRecord {
  caseCode: string;
}

/** The filter a campaign was drawn with, as stored and returned (regionCode always set). */
export interface CampaignFilter {
  regionCode: string;
  source?: string;
  batch?: string;
  category?: string;
  closedFrom?: string;
  closedTo?: string;
}

/** One row of `revisit_campaigns`. */
export interface CampaignRecord {
  id: string;
  regionCode: string;
  filter: CampaignFilter;
  seed: string;
  sampleSize: number | null;
  sampleRate: number | null;
  drawMethod: string;
  dueAt: string;
  matched: number;
  selected: number;
  caseIds: string[];
  matchedCaseIds: string[];
  /** Who drew it (the history's actor shape). */
  createdBy: ActorRef;
  createdAt: string;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function revisitFromRow(row: Row): RevisitRecord {
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    campaignId: str(row.campaign_id),
    dueAt: toIso(row.due_at as string)!,
    origin: String(row.origin) as RevisitOrigin,
    status: String(row.status) as RevisitStatus,
    startedAt: toIso(row.started_at as string),
    completedAt: toIso(row.completed_at as string),
    createdAt: toIso(row.created_at as string)!,
  };
}

export function campaignFromRow(row: Row): CampaignRecord {
  const filter = json<CampaignFilter>(row.filter, { regionCode: String(row.region_code ?? '') });
  return {
    id: String(row.id),
    regionCode: str(row.region_code) ?? filter.regionCode,
    filter,
    seed: String(row.seed),
    sampleSize: row.sample_size === null || row.sample_size === undefined ? null : Number(row.sample_size),
    sampleRate: row.sample_rate === null || row.sample_rate === undefined ? null : Number(row.sample_rate),
    drawMethod: str(row.draw_method) ?? DRAW_METHOD,
    dueAt: toIso(row.due_at as string)!,
    matched: Number(row.matched),
    selected: Number(row.selected),
    caseIds: json<string[]>(row.case_ids, []),
    matchedCaseIds: json<string[]>(row.matched_case_ids, []),
    createdBy: actorFromRow(row.created_by, row, 'by_')!,
    createdAt: toIso(row.created_at as string)!,
  };
}
