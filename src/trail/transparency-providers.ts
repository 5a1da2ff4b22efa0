import { ProofsController } from '../audit/proofs.controller';
import { TransparencyLog } from './transparency-log.service';

/** The transparency log's part of the application (issue 22), listed here so the app module names it in one line each. */
export const TRANSPARENCY_PROVIDERS = [TransparencyLog];
export const TRANSPARENCY_CONTROLLERS = [ProofsController];
