import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('policies')
@ApiBearerAuth()
@Controller()
export class PoliciesController {}
