import { Header, Page } from '@backstage/core-components';
import type { ReactNode } from 'react';
import { useKratixLinks } from '../../hooks/useKratixLinks';

/** The frame of the plugin's pages: a tool page with its header. */
export const KratixPageLayout = (props: {
  title: string;
  subtitle?: ReactNode;
  /** Shown above the title, linking back to the overview (views below it). */
  type?: string;
  children: ReactNode;
}) => {
  const links = useKratixLinks();
  return (
    <Page themeId="tool">
      <Header
        title={props.title}
        subtitle={props.subtitle}
        type={props.type}
        typeLink={props.type ? links?.overview : undefined}
      />
      {props.children}
    </Page>
  );
};
