import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { API, kratixTestApis } from '../../__testUtils__/testApis';
import { StageLogViewer } from './StageLogViewer';

const ESC = '\u001b';
const POD = 'kratix-elastic-cloud-example-resource-configure-99169-5edd7';
const REF = {
  platform: 'demo',
  namespace: 'default',
  pod: POD,
  container: 'pipeline-stage-0',
};
const URL_ = `${API}/platforms/demo/pods/default/${POD}/logs/pipeline-stage-0`;

const text = (body: string) =>
  new HttpResponse(body, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });

describe('StageLogViewer', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  // core-components' LogViewer renders only the rows that fit the box it measures, and
  // jsdom lays nothing out: give every box a size.
  beforeEach(() => {
    jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      width: 800,
      height: 480,
      right: 800,
      bottom: 480,
      toJSON: () => ({}),
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const render = (
    stageState: 'running' | 'succeeded' | 'pending',
    allow?: NonNullable<Parameters<typeof kratixTestApis>[0]>['allow'],
    request?: {
      platform: string;
      namespace: string;
      promise: string;
      name: string;
    },
  ) => {
    const { apis, alertApi } = kratixTestApis({ allow });
    return {
      alertApi,
      ...renderInTestApp(
        <FreshPermissions>
          <StageLogViewer
            logRef={REF}
            stageState={stageState}
            request={request}
            promise="elastic-cloud"
          />
        </FreshPermissions>,
        { apis },
      ),
    };
  };

  it('renders ANSI colours with the viewer, and markup as plain text', async () => {
    server.use(
      http.get(URL_, () =>
        text(
          `${ESC}[1;32mDownloading CRDS...${ESC}[0m\n<img src=x onerror="alert(1)">\n${ESC}[38;5;196mError: boom${ESC}[0m\n`,
        ),
      ),
    );
    render('succeeded');
    const lines = await screen.findByTestId('kratix-log-lines');
    const green = await within(lines).findByText('Downloading CRDS...');
    expect(green.className).toMatch(/modifierBold/);
    expect(green.className).toMatch(/modifierForegroundGreen/);
    expect(within(lines).getByText('Error: boom').className).toMatch(
      /modifierForegroundRed/,
    );
    const markup = within(lines).getByText('<img src=x onerror="alert(1)">');
    expect(markup.className).not.toMatch(/modifier/);
    expect(lines.querySelector('img')).toBeNull();
    expect(lines.textContent).not.toContain(ESC);
    expect(screen.getByTestId('kratix-log-status')).toHaveTextContent(
      'End of log: the stage has finished.',
    );
  });

  it("searches the log with the viewer's search: matches counted and marked", async () => {
    server.use(
      http.get(URL_, () =>
        text('Downloading CRDS...\nDownloading Operator...\nDone\n'),
      ),
    );
    render('succeeded');
    const lines = await screen.findByTestId('kratix-log-lines');
    await within(lines).findByText('Done');
    fireEvent.change(within(lines).getByPlaceholderText('Search'), {
      target: { value: 'downloading' },
    });
    expect(await within(lines).findByText('1/2')).toBeInTheDocument();
    const [first, second] = within(lines).getAllByText('Downloading');
    expect(first.className).toMatch(/textSelectedHighlight/);
    expect(second.className).toMatch(/textHighlight/);
    fireEvent.change(within(lines).getByPlaceholderText('Search'), {
      target: { value: 'operator' },
    });
    expect(await within(lines).findByText('1/1')).toBeInTheDocument();
    expect(within(lines).getByText('Operator').className).toMatch(
      /textSelectedHighlight/,
    );
  });

  it('follows a running stage through the streaming route until it ends', async () => {
    let query = '';
    server.use(
      http.get(URL_, ({ request }) => {
        query = new URL(request.url).search;
        const encoder = new TextEncoder();
        const stream = new ReadableStream({
          async start(controller) {
            controller.enqueue(encoder.encode('Downloading CRDS...\n'));
            await new Promise(r => setTimeout(r, 300));
            controller.enqueue(
              encoder.encode('Copying files to /kratix/output...\nDone\n'),
            );
            controller.close();
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
      }),
    );
    render('running');
    // The lines stay once shown; generous waits because the stream, the permission
    // check and the render share one busy CPU in CI.
    const slow = { timeout: 10_000 };
    expect(
      await screen.findByText('Downloading CRDS...', undefined, slow),
    ).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Follow' })).toBeChecked();
    expect(
      await screen.findByText('Done', undefined, slow),
    ).toBeInTheDocument();
    await waitFor(
      () =>
        expect(screen.getByTestId('kratix-log-status')).toHaveTextContent(
          'End of log: the stage has finished.',
        ),
      slow,
    );
    expect(query).toBe('?tailLines=500&follow=1');
  });

  it('asks for the whole log when "All lines" is picked', async () => {
    const queries: string[] = [];
    server.use(
      http.get(URL_, ({ request }) => {
        queries.push(new URL(request.url).search);
        return text('Done\n');
      }),
    );
    render('succeeded');
    await screen.findByText('Done');
    // A react-aria Select: its trigger is named by its value and its label.
    fireEvent.click(screen.getByRole('button', { name: /Lines to show/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'All lines' }));
    await waitFor(() => expect(queries).toEqual(['?tailLines=500', '']));
  });

  it('says why there is no log', async () => {
    server.use(
      http.get(URL_, () =>
        HttpResponse.json({
          logsUnavailable: true,
          platform: 'demo',
          namespace: 'default',
          pod: POD,
          container: 'pipeline-stage-0',
          reason: 'pod-gone',
          message: `pods "${POD}" not found`,
        }),
      ),
    );
    render('succeeded');
    expect(await screen.findByText(/The Pod is gone/)).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(`pods "${POD}" not found`)),
    ).toBeInTheDocument();
  });

  it('waits for a stage that has not started, without asking for its log', async () => {
    const asked = jest.fn();
    server.use(
      http.get(URL_, () => {
        asked();
        return text('');
      }),
    );
    render('pending');
    expect(
      await screen.findByText(/Stage pipeline-stage-0 has not started yet/),
    ).toBeInTheDocument();
    expect(asked).not.toHaveBeenCalled();
  });

  it('asks for kratix.logs.read on the request the pipeline ran for', async () => {
    server.use(http.get(URL_, () => text('Downloading CRDS...\n')));
    const example = {
      platform: 'demo',
      namespace: 'default',
      promise: 'elastic-cloud',
      name: 'example',
    };
    // A policy that allows the logs of example only.
    const onlyExample = (_permission: string, ref?: string) =>
      ref === 'demo:default/elastic-cloud/example';
    render('succeeded', onlyExample, example);
    expect(
      await within(await screen.findByTestId('kratix-log-lines')).findByText(
        'Downloading CRDS...',
      ),
    ).toBeInTheDocument();
  });

  it("denies a Promise's pipeline logs unless allowed unconditionally", async () => {
    render(
      'succeeded',
      (_permission, ref) => ref === 'demo:default/elastic-cloud/example',
    );
    expect(
      await screen.findByText(
        /You do not have permission to read pipeline logs/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a permission-denied view without kratix.logs.read', async () => {
    const asked = jest.fn();
    server.use(
      http.get(URL_, () => {
        asked();
        return text('secret');
      }),
    );
    render('succeeded', ['kratix.resource.read']);
    expect(
      await screen.findByText(
        /You do not have permission to read pipeline logs/,
      ),
    ).toBeInTheDocument();
    expect(asked).not.toHaveBeenCalled();
  });

  it('downloads the whole log as a file', async () => {
    server.use(
      http.get(URL_, ({ request }) =>
        new URL(request.url).searchParams.get('download')
          ? new HttpResponse('Done\n', {
              headers: {
                'Content-Type': 'text/plain; charset=utf-8',
                'Content-Disposition': `attachment; filename="${POD}_pipeline-stage-0.log"`,
              },
            })
          : text('Done\n'),
      ),
    );
    const createObjectURL = jest.fn(() => 'blob:kratix-log');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(`${this.download} ${this.href}`);
      });
    render('succeeded');
    await screen.findByText('Done');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Download logs' }),
    );
    await waitFor(() =>
      expect(clicked).toEqual([`${POD}_pipeline-stage-0.log blob:kratix-log`]),
    );
    expect(
      await (createObjectURL.mock.calls[0] as unknown as [Blob])[0].text(),
    ).toBe('Done\n');
    click.mockRestore();
  });

  it('says the log is archived, and when, once the Pod is gone; search and download still work', async () => {
    const archivedAt = '2026-12-05T01:02:03.000Z';
    const archived = (body: string, extra: Record<string, string> = {}) =>
      new HttpResponse(body, {
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'X-Kratix-Log-Source': 'archive',
          'X-Kratix-Log-Archived-At': archivedAt,
          ...extra,
        },
      });
    server.use(
      http.get(URL_, ({ request }) =>
        new URL(request.url).searchParams.get('download')
          ? archived('Downloading CRDS...\nDownloading Operator...\nDone\n', {
              'Content-Disposition': `attachment; filename="${POD}_pipeline-stage-0.log"`,
            })
          : archived('Downloading CRDS...\nDownloading Operator...\nDone\n'),
      ),
    );
    const createObjectURL = jest.fn(() => 'blob:kratix-log');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    render('succeeded');
    expect(await screen.findByTestId('kratix-log-archived')).toHaveTextContent(
      `Archived ${new Date(archivedAt).toLocaleString()} (the Pod is gone)`,
    );
    const lines = await screen.findByTestId('kratix-log-lines');
    await within(lines).findByText('Done');
    fireEvent.change(within(lines).getByPlaceholderText('Search'), {
      target: { value: 'downloading' },
    });
    expect(await within(lines).findByText('1/2')).toBeInTheDocument();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Download logs' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(
      await (createObjectURL.mock.calls[0] as unknown as [Blob])[0].text(),
    ).toBe('Downloading CRDS...\nDownloading Operator...\nDone\n');
    click.mockRestore();
  });

  it('says nothing about an archive for a live log', async () => {
    server.use(http.get(URL_, () => text('Done\n')));
    render('succeeded');
    await screen.findByText('Done');
    expect(screen.queryByTestId('kratix-log-archived')).toBeNull();
  });
});
