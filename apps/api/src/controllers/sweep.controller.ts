import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('sweep')
@ApiBearerAuth()
@Controller()
export class SweepController {}
