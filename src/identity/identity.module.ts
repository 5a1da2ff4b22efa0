import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { TrailModule } from '../trail/trail.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';
import { tokenKeyOf } from './token-key';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [
    DatabaseModule,
    TrailModule,
    TypeOrmModule.forFeature([UserEntity, UserRoleEntity, SessionEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const key = tokenKeyOf(config);
        return { secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, UsersService, SessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UsersService, AuthService, SessionsService],
})
export class IdentityModule {}
