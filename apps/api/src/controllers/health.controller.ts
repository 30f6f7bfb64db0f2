import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@rectify/core';
import { Database } from '@rectify/database';
import { Public } from '@rectify/identity';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Public()
  @Get()
  async health(): Promise<{ status: 'ok'; db: 'ok' }> {
    try {
      await this.db.one('SELECT 1 AS ok');
    } catch {
      throw new DomainError(ErrorCode.Unavailable, 'The database is not reachable');
    }
    return { status: 'ok', db: 'ok' };
  }
}
