import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { CaseCatalogue } from './case-catalogue.service';

/** For staff, the catalogue a case is assessed under: the verification form selects from it. */
@ApiTags('rules')
@ApiBearerAuth()
@Controller('api')
export class CaseCatalogueController {
  constructor(private readonly caseCatalogue: CaseCatalogue) {}

  @Get('cases/:id/catalogue')
  @ApiOperation({ summary: 'The catalogue version a case is assessed under (the one in force until its first assessment): staff and auditors' })
  caseCatalogueOf(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.caseCatalogue.of(user, id);
  }
}
