import { useApi } from '@backstage/core-plugin-api';
import type { RequestPreview } from '@kratix-backstage/plugin-kratix-common';
import { useEffect, useState } from 'react';
import {
  kratixApiRef,
  type KratixPreviewRequestBody,
  type KratixPromiseRef,
} from '../../api';

/** How long the inputs must stay the same before a preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 600;

/** The preview of one input, as it loads. */
export interface PreviewState {
  loading: boolean;
  value?: RequestPreview;
  error?: Error;
}

/**
 * Previews the request `body` would make, again whenever it changes (after
 * {@link PREVIEW_DEBOUNCE_MS} without a change); an answer to an older input is
 * dropped. Nothing is asked while `body` is undefined.
 */
export function useRequestPreview(
  ref: KratixPromiseRef | undefined,
  body: KratixPreviewRequestBody | undefined,
): PreviewState {
  const api = useApi(kratixApiRef);
  const [state, setState] = useState<PreviewState>({ loading: false });
  const key = ref && body ? JSON.stringify([ref, body]) : undefined;
  useEffect(() => {
    if (!key) {
      setState({ loading: false });
      return undefined;
    }
    const [target, request] = JSON.parse(key) as [
      KratixPromiseRef,
      KratixPreviewRequestBody,
    ];
    let current = true;
    setState(s => ({ loading: true, value: s.value }));
    const timer = setTimeout(() => {
      api.previewRequest(target, request).then(
        value => current && setState({ loading: false, value }),
        error => current && setState({ loading: false, error }),
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key]);
  return state;
}
