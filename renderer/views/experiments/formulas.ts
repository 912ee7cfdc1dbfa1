/**
 * The formulas each experiment's page shows, in TeX for KaTeX, in the course's notation (seed files in
 * ../shared/seeds; TEXTBOOK §1–§10). Mathematics reads the same in every language, so it lives here and
 * not in the locale files; the words around it do, and so do the few words inside a formula: `\word{key}`
 * stands for `experiments.formulaWords.<key>` in the page's language (`withWords`). Each line is short
 * enough for the page's narrowest formula card, so no equation number sits on its formula.
 */
export const formulas: Record<string, string[]> = {
  xor: [
    String.raw`f(x) = w^\top \max(0,\; W^\top x + c) + b`,
    String.raw`W = \begin{pmatrix}1 & 1\\ 1 & 1\end{pmatrix},\; c = \begin{pmatrix}0\\ -1\end{pmatrix},\; w = \begin{pmatrix}1\\ -2\end{pmatrix},\; b = 0`,
    String.raw`J(\theta) = \tfrac{1}{4} \sum_{x} \big(y(x) - f(x;\theta)\big)^2`,
  ],
  'seed-network': [
    String.raw`Z1 = X \cdot W1 + B1,\quad A1 = \mathrm{Sigmoid}(Z1) \tag{1, 2}`,
    String.raw`Z2 = A1 \cdot W2 + B2,\quad A2 = \mathrm{Tanh}(Z2) \tag{3, 4}`,
    String.raw`Z3 = A2 \cdot W3 + B3,\quad A3 = \mathrm{Softmax}(Z3) \tag{5, 6}`,
    String.raw`dZ3 = A3 - Y,\quad dW3 = A2^\top \cdot dZ3,\quad dB3 = dZ3 \tag{7–9}`,
    String.raw`dA2 = dZ3 \cdot W3^\top \tag{10}`,
    String.raw`dZ2 = dA2 \odot (1 - A2 \odot A2) \tag{11}`,
    String.raw`dW2 = A1^\top \cdot dZ2,\quad dB2 = dZ2 \tag{12, 13}`,
    String.raw`dA1 = dZ2 \cdot W2^\top \tag{14}`,
    String.raw`dZ1 = dA1 \odot A1 \odot (1 - A1) \tag{15}`,
    String.raw`dW1 = X^\top \cdot dZ1,\quad dB1 = dZ1 \tag{16, 17}`,
  ],
  initialisation: [
    String.raw`\mathrm{Var}(z) = n_{in}\,\mathrm{Var}(w)\,\mathrm{Var}(x)`,
    String.raw`\text{Xavier: } W \sim N\!\left(0, \sqrt{\tfrac{2}{n_{in} + n_{out}}}\right) \qquad \text{MSRA: } W \sim N\!\left(0, \sqrt{\tfrac{2}{n_{in}}}\right)`,
  ],
  'optimizer-race': [
    String.raw`z = \frac{x^2}{10} + y^2, \qquad \nabla z = \left(\frac{x}{5},\; 2y\right)`,
    String.raw`\text{SGD: } \theta \leftarrow \theta - \eta g \qquad \text{Momentum: } v \leftarrow \alpha v + \eta g,\; \theta \leftarrow \theta - v`,
    String.raw`\text{RMSProp: } r \leftarrow \alpha r + (1-\alpha) g^2,\; \theta \leftarrow \theta - \frac{\eta\, g}{\sqrt{r} + \epsilon}`,
    String.raw`\text{Adam: } m \leftarrow \beta_1 m + (1-\beta_1) g,\; v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
    String.raw`\hat m = \frac{m}{1 - \beta_1^t},\; \hat v = \frac{v}{1 - \beta_2^t},\; \theta \leftarrow \theta - \eta \frac{\hat m}{\epsilon + \sqrt{\hat v}}`,
  ],
  'vanishing-gradients': [
    String.raw`\delta_l = \big(W_{l+1}^\top \delta_{l+1}\big) \odot f'(z_l), \qquad \frac{\partial J}{\partial W_l} = \delta_l\, a_{l-1}^\top`,
    String.raw`\sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big) \le \tfrac14 \;\Rightarrow\; |\sigma'(z)\, w| \le \tfrac14 \word{forAll} |w| \le 1`,
  ],
  'gradient-check': [
    String.raw`\frac{\partial J}{\partial \theta_i} \approx \frac{J(\theta + h e_i) - J(\theta - h e_i)}{2h}, \qquad h = 10^{-5}`,
    String.raw`\word{relativeError} = \frac{\lVert g_{bp} - g_{num} \rVert_2}{\lVert g_{bp} \rVert_2 + \lVert g_{num} \rVert_2}`,
  ],
  overfitting: [
    String.raw`\tilde J(W) = J(W) + \lambda \sum_l \lVert W_l \rVert_F^2`,
    String.raw`w \leftarrow (1 - 2\eta\lambda)\, w - \eta \nabla J`,
    String.raw`\text{dropout: } r \sim \mathrm{Bernoulli}(p),\; y = r \odot x / p`,
    String.raw`\text{bagging: } \mathbb{E}\Big[\big(\tfrac1k \textstyle\sum_i \epsilon_i\big)^2\Big] = \frac{v}{k} + \frac{k-1}{k} c`,
  ],
  'batch-size': [String.raw`\word{iterationsPerEpoch} = \left\lceil \frac{N}{B} \right\rceil \qquad B = N: \text{BGD},\; B = 1: \text{SGD}`],
  schedules: [
    String.raw`\alpha_t = \alpha_0 \beta^{\lfloor t/n \rfloor} \qquad \alpha_t = \alpha_0 e^{-kt} \qquad \alpha_t = \frac{\alpha_0}{1 + kt}`,
    String.raw`\epsilon_k = \Big(1 - \frac{k}{\tau}\Big)\epsilon_0 + \frac{k}{\tau}\epsilon_\tau`,
    String.raw`\alpha_t = \frac{\alpha_0 \tau}{\max(t, \tau)}`,
  ],
  convolution: [
    String.raw`y_{ij} = \sum_m \sum_n w_{mn}\, x_{i+m,\, j+n}`,
    String.raw`\word{out} = \left\lfloor \frac{n + 2p - m}{s} \right\rfloor + 1`,
    String.raw`\word{maxPooling} y = \max_{(i,j) \in \word{window}} x_{ij}`,
    String.raw`\word{averagePooling} y = \frac{1}{|\word{window}|} \sum x_{ij}`,
  ],
  'loss-functions': [
    String.raw`\word{crossEntropy} J = -\sum_j y_j \log \mathrm{softmax}(s)_j`,
    String.raw`\text{MSE: } J = \tfrac{1}{n}\sum_j (y_j - p_j)^2`,
    String.raw`\word{hinge} J = \sum_{j \ne y} \max(0,\; \Delta + s_j - s_y), \quad \Delta = 1`,
  ],
  handwriting: [],
};

/** A formula with its `\word{key}` markers replaced by `\text{…}` of the translated words. */
export function withWords(tex: string, word: (key: string) => string): string {
  return tex.replace(/\\word\{([A-Za-z]+)\}/g, (_, key: string) => `\\text{${word(key)}}`);
}
