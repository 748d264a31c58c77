/**
 * Entry: styles, i18n, router, and the session restored from the refresh cookie.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/base.css';
import { createApp } from 'vue';
import App from './App.vue';
import { session } from './api/index.js';
import { i18n } from './i18n/index.js';
import { router } from './router.js';

document.documentElement.lang = i18n.global.locale.value;
// A tablet waking from sleep missed its renewal timer: renew at once if due.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') session.renewIfDue();
});
void session.restore();
createApp(App).use(i18n).use(router).mount('#app');
