import { Provider } from '@nestjs/common';
import { ControlGroup } from '../consensus/control-group.service';
import { LOCK_CLOCK, SystemClock } from './clock';
import { LockCommandHandler, LOCK_KIND } from './lock-command-handler';
import { LockLeaderDuties } from './lock-leader-duties.service';
import { LockController } from './lock.controller';
import { LockService } from './lock.service';

export const LOCK_CONTROLLERS = [LockController];

/**
 * The lock manager's providers. The handler joins the control group's command router when it
 * is built, which is before the group boots (NodeLifecycle.onModuleInit), so a restored
 * snapshot and the replayed log reach the lock table too.
 */
export const LOCK_PROVIDERS: Provider[] = [
  { provide: LOCK_CLOCK, useClass: SystemClock },
  {
    provide: LockCommandHandler,
    inject: [ControlGroup],
    useFactory: (control: ControlGroup): LockCommandHandler => {
      const handler = new LockCommandHandler();
      control.router.register(LOCK_KIND, handler);
      return handler;
    },
  },
  LockService,
  LockLeaderDuties,
];
