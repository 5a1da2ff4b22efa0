import { InitialSchema1763683200000 } from './1763683200000-initial-schema';
import { Deadlines1763769600000 } from './1763769600000-deadlines';
import { Identity1763856000000 } from './1763856000000-identity';
import { CaseListIndex1763942400000 } from './1763942400000-case-list-index';
import { CalendarYears1765000000000 } from './1765000000000-calendar-years';
import { SealedStorage1765100000000 } from './1765100000000-sealed-storage';
import { TrailHeads1765200000000 } from './1765200000000-trail-heads';
import { AdminApprovals1765200100000 } from './1765200100000-admin-approvals';
import { DeadlineStart1765300000000 } from './1765300000000-deadline-start';
import { WarningLadder1765310000000 } from './1765310000000-warning-ladder';
import { NotificationReads1765320000000 } from './1765320000000-notification-reads';
import { RulesAndRegisters1765400000000 } from './1765400000000-rules-and-registers';
import { TransparencyLog1765600000000 } from './1765600000000-transparency-log';
import { DirectoryAndCaseNumbers1765700000000 } from './1765700000000-directory-and-case-numbers';
import { StatisticsIndex1765800000000 } from './1765800000000-statistics-index';
import { AppealsOneLevelUp1796653700222 } from './1796653700222-appeals-one-level-up';
import { TrailRetention1796653706625 } from './1796653706625-trail-retention';
import { Attachments1796653726068 } from './1796653726068-attachments';
import { VettingInquiries1796653843570 } from './1796653843570-vetting-inquiries';
import { IssuedDocuments1796653992360 } from './1796653992360-issued-documents';
import { Supervisions1796654866708 } from './1796654866708-supervisions';
import { PinyinSearch1796656046628 } from './1796656046628-pinyin-search';
import { ForcedPasswordChange1796665767745 } from './1796665767745-forced-password-change';
import { ImportedCases1796665888066 } from './1796665888066-imported-cases';
import { CasesOpenedIndex1796666460233 } from './1796666460233-cases-opened-index';
import { RetirementProposals1796668903092 } from './1796668903092-retirement-proposals';

/** Every migration in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS = [
  InitialSchema1763683200000,
  Deadlines1763769600000,
  Identity1763856000000,
  CaseListIndex1763942400000,
  CalendarYears1765000000000,
  SealedStorage1765100000000,
  TrailHeads1765200000000,
  AdminApprovals1765200100000,
  DeadlineStart1765300000000,
  WarningLadder1765310000000,
  NotificationReads1765320000000,
  RulesAndRegisters1765400000000,
  TransparencyLog1765600000000,
  DirectoryAndCaseNumbers1765700000000,
  StatisticsIndex1765800000000,
  AppealsOneLevelUp1796653700222,
  TrailRetention1796653706625,
  Attachments1796653726068,
  VettingInquiries1796653843570,
  IssuedDocuments1796653992360,
  Supervisions1796654866708,
  PinyinSearch1796656046628,
  ForcedPasswordChange1796665767745,
  ImportedCases1796665888066,
  CasesOpenedIndex1796666460233,
  RetirementProposals1796668903092,
];
