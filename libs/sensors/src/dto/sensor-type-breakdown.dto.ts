import { ApiProperty } from '@nestjs/swagger';

export class SensorTypeCountDto {
  @ApiProperty({ example: 'temperature' })
  type: string;

  @ApiProperty({ example: 51234, type: 'integer' })
  count: number;
}

export class SensorTypeBreakdownDto {
  /** All sensors, of every type. */
  @ApiProperty({ example: 1000000, type: 'integer' })
  total: number;

  /** Count descending, then type ascending. */
  @ApiProperty({ type: [SensorTypeCountDto] })
  types: SensorTypeCountDto[];
}
