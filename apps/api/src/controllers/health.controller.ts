import { Controller, Get, Inject } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiOp, DomainError, ErrorCode } from '@rectify/core';
import { Database } from '@rectify/database';
import { Public } from '@rectify/identity';

export class HealthView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ enum: ['ok'] }) db: 'ok';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Public()
  @Get()
  @ApiOp({
    summary: 'Health check',
    description: 'ok when the service answers and its database does; 503 UNAVAILABLE when the database does not. No token needed.',
    ok: HealthView,
    errors: [503],
    public: true,
  })
  async health(): Promise<HealthView> {
    try {
      await this.db.one('SELECT 1 AS ok');
    } catch {
      throw new DomainError(ErrorCode.Unavailable, 'The database is not reachable');
    }
    return { status: 'ok', db: 'ok' };
  }
}
