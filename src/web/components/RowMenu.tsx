import { ActionIcon, Menu } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import { rememberOpener } from '../focus-return';
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface RowMenuItem {
  label: string;
  icon: ReactNode;
  onClick: () => void;
  danger?: boolean;
}

/**
 * The "…" menu at the end of a row. A Mantine Menu (Popover + floating-ui hooks) per row cost ≈ 0.2 s
 * on a 500-objective page, so each row renders only the button until someone opens it; from then on
 * the Menu stays mounted so closing it returns focus to the same button. The Menu's button replaces
 * the plain one, so it takes over its focus: that is where focus returns after a menu or its dialog.
 */
export function RowMenu({ subject, items }: { subject: string; items: RowMenuItem[] }) {
  const [mounted, setMounted] = useState(false);
  const [opened, setOpened] = useState(false);
  const label = `Actions for ${subject}`;
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!mounted) return;
    rememberOpener(menuButton.current);
    if (document.activeElement === document.body) menuButton.current?.focus({ preventScroll: true });
  }, [mounted]);

  if (!mounted) {
    return (
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={false}
        // A button: Enter and Space reach onClick too, so keyboard users open it the same way.
        onClick={() => {
          setMounted(true);
          setOpened(true);
        }}
      >
        <IconDots size={16} />
      </ActionIcon>
    );
  }

  return (
    <Menu position="bottom-end" width={200} withinPortal opened={opened} onChange={setOpened}>
      <Menu.Target>
        <ActionIcon ref={menuButton} variant="subtle" color="gray" aria-label={label}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      {/* Danger items in red-9: Mantine's red-6 is 3.3:1 on white (axe), red-9 5.5:1. */}
      <Menu.Dropdown>
        {items.map((item) => (
          <Menu.Item key={item.label} leftSection={item.icon} color={item.danger ? 'red.9' : undefined} onClick={item.onClick}>
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
