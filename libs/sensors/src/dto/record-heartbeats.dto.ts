import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min } from 'class-validator';

export class RecordHeartbeatsDto {
  /** Ids of the sensors that reported in, 1 to 1000 per request. */
  @ApiProperty({ type: [Number], example: [1, 2, 3], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  sensorIds: number[];
}

export class HeartbeatsAcceptedDto {
  /** Distinct known sensors whose heartbeat was recorded. */
  @ApiProperty({ example: 3, type: 'integer' })
  accepted: number;

  /** Ids that match no sensor; nothing was stored for them. */
  @ApiProperty({ type: [Number], example: [] })
  unknown: number[];
}
