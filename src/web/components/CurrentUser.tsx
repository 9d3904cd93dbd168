import { createContext, useContext } from 'react';
import type { User } from '../api/types';

/** The signed-in user; provided by the auth gate, so every page below it can rely on it. */
export const CurrentUserContext = createContext<User | null>(null);

export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used below the signed-in part of the app');
  return user;
}
