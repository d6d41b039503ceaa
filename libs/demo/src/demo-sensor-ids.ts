import { SensorsBulk } from '@app/sensors';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The sensors the demo's traffic beats for: the first ones by id, read through the sensors' bulk access. */
@Injectable()
export class DemoSensorIds {
  constructor(private readonly dataSource: DataSource) {}

  async first(limit: number): Promise<number[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await new SensorsBulk(runner).idsAfter(0, limit);
    } finally {
      await runner.release();
    }
  }
}
