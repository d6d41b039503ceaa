import { FailureEpisode } from './failure-episode';

describe('FailureEpisode', () => {
  it('logs the first failure, the later ones at debug, and the success after them with the seconds they lasted', () => {
    const logger = { warn: jest.fn(), log: jest.fn(), debug: jest.fn() };
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const episode = new FailureEpisode(logger, {
        started: (error) => `failing: ${String(error)}`,
        ended: (seconds) => `back after ${seconds} s`,
        again: (error) => `still failing: ${String(error)}`,
      });
      episode.succeeded();
      episode.failed('first');
      episode.failed('second');
      episode.failed('third');
      clock.mockReturnValue(1_012_400);
      episode.succeeded();
      episode.succeeded();
      expect(logger.warn.mock.calls).toEqual([['failing: first']]);
      expect(logger.debug.mock.calls).toEqual([['still failing: second'], ['still failing: third']]);
      expect(logger.log.mock.calls).toEqual([['back after 12 s']]);
      // A new run of failures is a new episode.
      episode.failed('again');
      expect(logger.warn.mock.calls).toEqual([['failing: first'], ['failing: again']]);
    } finally {
      clock.mockRestore();
    }
  });

  it('says nothing of repeated failures when it has no line for them', () => {
    const logger = { warn: jest.fn(), log: jest.fn(), debug: jest.fn() };
    const episode = new FailureEpisode(logger, { started: () => 'down', ended: () => 'up' });
    episode.failed(1);
    episode.failed(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.debug).not.toHaveBeenCalled();
  });
});
