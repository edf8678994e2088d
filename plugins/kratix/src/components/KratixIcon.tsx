import SvgIcon, { SvgIconProps } from '@material-ui/core/SvgIcon';

/** A small "K" mark in a rounded square, used for the plugin's nav item. */
export const KratixIcon = (props: SvgIconProps) => (
  <SvgIcon {...props} viewBox="0 0 24 24">
    <path d="M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 4v10h2v-3.6l1.2-1.3L14.6 17H17l-4.4-6.1L16.8 7h-2.5L10 11.7V7H8z" />
  </SvgIcon>
);
