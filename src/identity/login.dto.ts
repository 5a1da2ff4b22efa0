import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'officer1' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'Demo-Passw0rd!' })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class TokenResponse {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiPropertyOptional({ description: 'true when the password was set by someone else: every call but the change and logout is refused until it is changed' })
  mustChangePassword?: true;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ description: 'At least 12 characters with three of: lower case, upper case, digit, symbol' })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}
