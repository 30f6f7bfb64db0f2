import { InitialSchema1763798400000 } from './1763798400000-initial-schema.js';
import { RevisitCampaignScope1795335796230 } from './1795335796230-revisit-campaign-scope.js';
import { AssignmentRuleKey1795335813815 } from './1795335813815-assignment-rule-key.js';
import { EscalationLadderSnapshot1795335775576 } from './1795335775576-escalation-ladder-snapshot.js';
import { CaseListIndexes1795400000000 } from './1795400000000-case-list-indexes.js';
import { EscalationSweepPages1795500000000 } from './1795500000000-escalation-sweep-pages.js';
import { UserAccounts1796200000000 } from './1796200000000-user-accounts.js';
import { RegionalRules1796200000001 } from './1796200000001-regional-rules.js';
import { Attachments1796400000000 } from './1796400000000-attachments.js';
import { Notifications1796500000000 } from './1796500000000-notifications.js';
import { Webhooks1796500100000 } from './1796500100000-webhooks.js';
import { LedgerImports1796600000000 } from './1796600000000-ledger-imports.js';
import { CaseCorrections1796800000000 } from './1796800000000-case-corrections.js';
import { ExtensionDecisionClock1797400000000 } from './1797400000000-extension-decision-clock.js';
import { HistoryAnchor1797200000000 } from './1797200000000-history-anchor.js';
import { ProvisionalCalendar1797500000000 } from './1797500000000-provisional-calendar.js';
import { FlatReads1797600000000 } from './1797600000000-flat-reads.js';
import { CaseComments1797700000000 } from './1797700000000-case-comments.js';
import { CaseSearch1797820000000 } from './1797820000000-case-search.js';
import { CaseEventsAsOf1797830000000 } from './1797830000000-case-events-as-of.js';
import { CaseSuspensions1797840000000 } from './1797840000000-case-suspensions.js';

/** Every migration, in order. New ones are appended here (no globbing: it works the same built and in tests). */
export const MIGRATIONS = [InitialSchema1763798400000, RevisitCampaignScope1795335796230, AssignmentRuleKey1795335813815, EscalationLadderSnapshot1795335775576, CaseListIndexes1795400000000, EscalationSweepPages1795500000000, UserAccounts1796200000000, Attachments1796400000000, Notifications1796500000000, Webhooks1796500100000, LedgerImports1796600000000, CaseCorrections1796800000000, RegionalRules1796200000001, ExtensionDecisionClock1797400000000, HistoryAnchor1797200000000, ProvisionalCalendar1797500000000, FlatReads1797600000000, CaseComments1797700000000, CaseSearch1797820000000, CaseEventsAsOf1797830000000, CaseSuspensions1797840000000];
