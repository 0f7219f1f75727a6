// The tray icon: the app lives here while transfers run in the background.
import { Menu, Tray, nativeImage } from 'electron';
import type { TransferSnapshot } from '../../shared/transfers';
import { trayModel, type TrayCommand } from './tray-model';

export class AppTray {
  private readonly tray: Tray;

  constructor(
    iconPath: string,
    private readonly run: (command: TrayCommand, transferId?: string) => void,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.on('click', () => run('show'));
    this.update([]);
  }

  update(transfers: readonly TransferSnapshot[]): void {
    const model = trayModel(transfers);
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(
      Menu.buildFromTemplate(
        model.items.map((item) => ({
          label: item.label,
          enabled: item.enabled,
          click: () => this.run(item.command, item.transferId),
        })),
      ),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}
