import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { CurrentUser } from '../identity/current-user.decorator';
import { RemindersService } from '../scheduling/reminders.service';
import { RemindersQuery } from '../scheduling/reminders.query';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The current user's notices, newest first: deadlines coming up, missed or moved, and warnings (三色预警), each with whether you have read it",
  })
  list(@CurrentUser() user: AuthUser, @Query() query: RemindersQuery) {
    return this.reminders.list(user, query);
  }

  @Get('summary')
  @ApiOperation({ summary: 'How many of your notices you have not read (the header badge)' })
  summary(@CurrentUser() user: AuthUser) {
    return this.reminders.summary(user);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks every notice you have not read as read' })
  readAll(@CurrentUser() user: AuthUser) {
    return this.reminders.markAllRead(user, this.clock.now().toISOString());
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks one of your notices as read (for you; others sent the same notice keep theirs)' })
  read(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.reminders.markRead(user, id, this.clock.now().toISOString());
  }
}
