import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLogin } from '../api/auth';
import { ApiError } from '../api/client';
import { AuthCard } from '../components/AuthCard';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const error = login.error instanceof ApiError ? login.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  return (
    <AuthCard title="Log in" subtitle="Use the email and password your Pacer admin gave you.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {login.error && (
            <Alert color="red" title="Could not log in">
              {login.error.message}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={error?.fieldMessage('email')} />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error?.fieldMessage('password')}
          />
          <Button type="submit" loading={login.isPending} mt="xs">
            Log in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
