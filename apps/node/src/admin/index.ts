import { Provider, Type } from '@nestjs/common';
import { MembershipAdminController } from './membership-admin.controller';
import { MembershipAdmin } from './membership-admin.service';

/** Runtime membership administration (POST/DELETE /admin/members). */
export const ADMIN_CONTROLLERS: Type[] = [MembershipAdminController];
export const ADMIN_PROVIDERS: Provider[] = [MembershipAdmin];
