// The one way the pages talk to ducha's API. The bearer token lives in localStorage (so a reminder
// link opened in a new tab of the in-app browser finds the session) and travels only in the
// Authorization header — never in a URL. A 401 sends the user to sign-in and back.
import { reactive } from 'vue';

const TOKEN_KEY = 'ducha.token';

export interface Person {
  id: number;
  name: string;
  orgId: number;
  unitId: number | null;
  roles: string[];
  email?: string | null;
  phone?: string | null;
  active?: boolean;
  notifyChannel?: string | null;
  webhookUrl?: string | null;
  wecomUserId?: string | null;
  dingtalkUserId?: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Record<string, string[]> = {},
    readonly code = '',
  ) {
    super(message);
  }
  /** The field reasons joined, for a toast. */
  get detail(): string {
    const reasons = Object.values(this.errors)
      .flat()
      .filter((r) => !this.message.includes(r));
    return reasons.length ? `${this.message}：${reasons.join('；')}` : this.message;
  }
}

export const session = reactive({ token: localStorage.getItem(TOKEN_KEY) as string | null, person: null as Person | null });

export function setToken(token: string | null): void {
  session.token = token;
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

async function toError(res: Response): Promise<ApiError> {
  let body: { message?: string; errors?: Record<string, string[]>; code?: string } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: keep the status text */
  }
  const fallback = res.status >= 500 ? '服务器暂时出错，请稍后再试' : `请求失败（${res.status}）`;
  return new ApiError(res.status, body.message || fallback, body.errors ?? {}, body.code ?? '');
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return session.token ? { Authorization: `Bearer ${session.token}`, ...extra } : extra;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, '网络不通，请检查网络后重试');
  }
  if (res.status === 401 && !path.startsWith('/auth/login')) {
    setToken(null);
    onUnauthorized();
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(p: string) => request<T>('GET', p),
  post: <T>(p: string, b: unknown = {}) => request<T>('POST', p, b),
  put: <T>(p: string, b: unknown) => request<T>('PUT', p, b),
  patch: <T>(p: string, b: unknown) => request<T>('PATCH', p, b),
  del: <T>(p: string) => request<T>('DELETE', p),
};

/** Multipart upload with progress (fetch cannot report upload progress). */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, '网络不通，上传失败，请重试'));
    xhr.onload = () => {
      let body: { message?: string; errors?: Record<string, string[]> } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* keep empty */
      }
      if (xhr.status === 401) {
        setToken(null);
        onUnauthorized();
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body.message || `上传失败（${xhr.status}）`, body.errors ?? {}));
    };
    xhr.send(form);
  });
}

/** A file from the API as an object URL: <img src> cannot carry the Authorization header. */
/** An object URL of a stored file. Photos are asked for as JPEG: a HEIC from a Mac comes back as the JPEG the server made of it. */
export async function fileUrl(fileId: number, rendition?: 'jpeg'): Promise<string> {
  const res = await fetch(`/api/files/${fileId}/download${rendition ? `?rendition=${rendition}` : ''}`, { headers: headers() });
  if (!res.ok) throw await toError(res);
  return URL.createObjectURL(await res.blob());
}

export async function download(path: string, filename: string): Promise<void> {
  const res = await fetch(`/api${path}`, { headers: headers() });
  if (!res.ok) throw await toError(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
