import type { TrainingClockSetting } from '../config/training-clock-setting';
import { Clock } from './clock';

/** Real time moved by the training setting's offset. */
export class TrainingClock extends Clock {
  constructor(readonly training: TrainingClockSetting) {
    super();
  }

  protected current(): Date {
    return new Date(Date.now() + this.training.offsetMs);
  }
}
