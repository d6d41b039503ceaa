import type { PlatformModule } from '../../clients/typescript';
import { formatCalendarDate, formatDayAndTime } from './format';

function line(className: string, text: string): HTMLElement {
  return Object.assign(document.createElement('p'), { className, textContent: text });
}

/** One card per module: its version and last deploy, the next release and its date, the notes. */
export function renderModules(list: HTMLElement, modules: readonly PlatformModule[]): void {
  if (modules.length === 0) {
    list.replaceChildren(
      Object.assign(document.createElement('li'), { className: 'hint', textContent: 'No modules yet.' }),
    );
    return;
  }
  list.replaceChildren(
    ...modules.map((module) => {
      const item = document.createElement('li');
      item.className = 'module';
      item.dataset.module = module.name;
      const head = document.createElement('p');
      head.className = 'module-head';
      head.append(
        Object.assign(document.createElement('strong'), { textContent: module.name }),
        Object.assign(document.createElement('span'), {
          className: 'module-version',
          textContent: module.currentVersion,
        }),
      );
      item.append(
        head,
        line(
          'module-deployed hint',
          module.lastDeployedAt ? `Deployed ${formatDayAndTime(module.lastDeployedAt)}` : 'Never deployed',
        ),
        line(
          'module-upcoming',
          module.upcomingVersion
            ? `Next: ${module.upcomingVersion}${
                module.upcomingReleaseDate
                  ? ` on ${formatCalendarDate(module.upcomingReleaseDate)}`
                  : ', no date yet'
              }`
            : module.upcomingReleaseDate
              ? `Next release on ${formatCalendarDate(module.upcomingReleaseDate)}`
              : 'No release planned',
        ),
      );
      if (module.releaseNotes) item.append(line('module-notes', module.releaseNotes));
      return item;
    }),
  );
}
